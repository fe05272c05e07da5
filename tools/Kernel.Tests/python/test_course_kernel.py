"""jupyter_kernel_test's protocol suite, subclassed for the course's C# kernel.

Run: JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 -m unittest -v test_course_kernel
The kernelspec name comes from COURSE_KERNEL_NAME (default course-csharp).
"""
import os
import unittest

import jupyter_kernel_test


class CourseKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("COURSE_KERNEL_NAME", "course-csharp")

    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("something went wrong");'

    # The real C# kernel's completions, narrowed to what starts with the typed prefix (as ipykernel answers).
    completion_samples = [
        {"text": "Console.Wri", "matches": {"Write", "WriteLine"}},
        {"text": "var numbers = new List<int>();\nnumbers.Cou", "matches": {"Count", "CountBy"}},
    ]

    # inspect_request answers with the kernel's hover text (text/markdown) for the name before the cursor.
    code_inspect_sample = "Console"

    complete_code_samples = ["1 + 1", "var x = 1;", "Console.WriteLine(1);", "int Twice(int n) => 2 * n;", ""]
    incomplete_code_samples = ["if (true) {", "var numbers = new[] { 1,", "int Twice(int n)\n{"]
    invalid_code_samples = ["var x = ;", "int 3x = 1;"]

    code_generate_error = 'throw new InvalidOperationException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "mime": "text/html"},  # the kernel formats numbers as HTML only
        {"code": '"hello" + ", world"', "result": "hello, world"},
        {"code": 'HTML("<b>bold</b>")', "mime": "text/html"},
    ]

    code_display_data = [
        {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/html"},
        {"code": '"plain".Display();', "mime": "text/plain"},
    ]

    # Not applicable: C# has no pager (code_page_something), the engine has no clear_output
    # (code_clear_output), and history is answered empty (supported_history_operations stays empty, so
    # test_history's sub-tests skip).


if __name__ == "__main__":
    unittest.main(verbosity=2)
