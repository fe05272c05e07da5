namespace Course.Kernel.Hosting;

/// <summary>The Jupyter channels that carry messages (the heartbeat only echoes bytes).</summary>
public enum KernelChannel
{
    /// <summary>Requests and replies: execute, complete, kernel_info, …</summary>
    Shell,

    /// <summary>Requests that must get through while the shell is busy: interrupt, shutdown.</summary>
    Control,

    /// <summary>Input requests from the kernel to the front end (this kernel sends none).</summary>
    Stdin,

    /// <summary>Broadcasts: status, execute_input, stream, display_data, execute_result, error.</summary>
    IOPub,
}
