"""Protocol checks of the course's C# kernel driven with jupyter_client (what notebooks front ends use).

Run: JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 client_checks.py CHECK [CHECK ...]
Checks: interrupt, shutdown, counts, signature. Prints "PASS name: details" or "FAIL name: reason" per check;
the exit code is the number of failed checks. The kernelspec name comes from COURSE_KERNEL_NAME.
"""
import os
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

KERNEL = os.environ.get("COURSE_KERNEL_NAME", "course-csharp")
TIMEOUT = 30


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def reply_to(kc, msg_id, timeout=TIMEOUT, channel="shell"):
    get = kc.get_shell_msg if channel == "shell" else kc.get_control_msg
    deadline = time.monotonic() + timeout
    while True:
        msg = get(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def outputs_of(kc, msg_id, timeout=TIMEOUT):
    """The iopub messages of one request, from busy to idle."""
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages


def execute(kc, code, **options):
    msg_id = kc.execute(code, **options)
    reply = reply_to(kc, msg_id)
    return reply, outputs_of(kc, msg_id)


def check_interrupt(km, kc):
    execute(kc, "var before = 41;")
    msg_id = kc.execute("while (true) { }")
    time.sleep(1.5)
    started = time.monotonic()
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=10)
    seconds = time.monotonic() - started
    expect(reply["content"]["status"] == "error", f"the endless loop's reply is {reply['content']['status']}, not error")
    expect(reply["content"]["ename"] == "Interrupted", f"ename is {reply['content']['ename']}")
    expect(seconds < 5, f"the loop stopped {seconds:.1f} s after the interrupt")
    after, _ = execute(kc, "1 + 1")
    expect(after["content"]["status"] == "ok", f"the next cell failed: {after['content']}")
    lost, _ = execute(kc, "before")
    expect(lost["content"]["status"] == "error", "a variable from before the interrupt survived, but the worker was restarted")
    return f"loop stopped {seconds:.2f} s after interrupt_request; the next cell ran in a fresh state"


def check_shutdown(km, kc):
    execute(kc, "Console.WriteLine(1);")
    kc.execute("while (true) { }")
    time.sleep(1)
    started = time.monotonic()
    msg_id = kc.shutdown()
    reply = reply_to(kc, msg_id, timeout=5, channel="control")
    expect(reply["content"]["status"] == "ok", f"shutdown_reply is {reply['content']}")
    while km.is_alive() and time.monotonic() - started < 10:
        time.sleep(0.05)
    seconds = time.monotonic() - started
    expect(not km.is_alive(), "the kernel process still runs 10 s after shutdown_request")
    expect(seconds < 5, f"the kernel process ended {seconds:.1f} s after shutdown_request")
    code = km.provisioner.process.returncode if km.provisioner and km.provisioner.process else None
    expect(code in (0, None), f"the kernel exited with code {code}, not 0")
    return f"process exited {seconds:.2f} s after shutdown_request (while a cell looped), exit code {code}"


def check_counts(km, kc):
    first, outputs = execute(kc, "6 * 7")
    n = first["content"]["execution_count"]
    result = [m for m in outputs if m["msg_type"] == "execute_result"]
    expect(len(result) == 1 and result[0]["content"]["execution_count"] == n, "execute_result does not carry the reply's count")
    inputs = [m for m in outputs if m["msg_type"] == "execute_input"]
    expect(len(inputs) == 1 and inputs[0]["content"]["execution_count"] == n, "execute_input does not carry the count")

    silent, silent_outputs = execute(kc, 'Console.WriteLine("quiet"); 5', silent=True)
    expect(silent["content"]["status"] == "ok", f"silent execution failed: {silent['content']}")
    expect(silent["content"]["execution_count"] == n, "silent execution changed the count")
    kinds = sorted({m["msg_type"] for m in silent_outputs})
    expect(kinds == ["status"], f"silent execution broadcast {kinds}")

    unstored, _ = execute(kc, "1", store_history=False)
    expect(unstored["content"]["execution_count"] == n, "store_history=False changed the count")

    failed, _ = execute(kc, 'throw new Exception("x");')
    expect(failed["content"]["execution_count"] == n + 1, "a failing cell did not take the next count")

    # stop_on_error: a cell queued behind a failing one is aborted, not run.
    bad = kc.execute('throw new Exception("first");')
    queued = kc.execute('Console.WriteLine("must not run");')
    expect(reply_to(kc, bad)["content"]["status"] == "error", "the failing cell did not fail")
    aborted = reply_to(kc, queued)
    expect(aborted["content"]["status"] == "aborted", f"the queued cell's reply is {aborted['content']['status']}, not aborted")
    after, _ = execute(kc, "2")
    return (f"counts {n}, silent {silent['content']['execution_count']}, failed {failed['content']['execution_count']}, "
            f"next {after['content']['execution_count']}; silent broadcast only status; queued cell aborted")


def check_signature(km, kc):
    forged = Session(key=b"not-the-key", username="intruder")
    msg = forged.msg("execute_request", {"code": 'Console.WriteLine("forged");', "silent": False, "store_history": True,
                                         "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    forged.send(kc.shell_channel.socket, msg)
    try:
        reply = kc.get_shell_msg(timeout=2)
        raise CheckFailed(f"the kernel answered a message with a bad signature: {reply['msg_type']}")
    except queue.Empty:
        pass
    good, _ = execute(kc, "3")
    expect(good["content"]["status"] == "ok", "the kernel stopped answering after a forged message")
    return "a message signed with the wrong key got no reply; the next signed request was answered"


CHECKS = {"interrupt": check_interrupt, "shutdown": check_shutdown, "counts": check_counts, "signature": check_signature}


def main(names):
    failures = 0
    for name in names:
        started = time.monotonic()
        km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
        try:
            details = CHECKS[name](km, kc)
            print(f"PASS {name}: {details} ({time.monotonic() - started:.1f} s with kernel start)", flush=True)
        except (CheckFailed, queue.Empty) as e:
            failures += 1
            print(f"FAIL {name}: {e or 'timed out waiting for a message'}", flush=True)
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)
    return failures


if __name__ == "__main__":
    unknown = [n for n in sys.argv[1:] if n not in CHECKS]
    if unknown or len(sys.argv) < 2:
        print(f"usage: client_checks.py {' | '.join(CHECKS)} ...; unknown: {unknown}")
        sys.exit(100)
    sys.exit(main(sys.argv[1:]))
