using Course.Kernel;
using Course.Kernel.Installation;
using Course.Kernel.Protocol;

namespace Course.Cli;

/// <summary><c>course kernel install [--user | --prefix DIR] [--name NAME]</c> and <c>course kernel --connection-file F</c> (what Jupyter runs).</summary>
internal static class KernelCommand
{
    public const string Usage = """
        usage: course kernel install [--user | --prefix DIR] [--name NAME]
                 Writes the Jupyter kernelspec "C# (Backprop course engine)" (default name course-csharp) for the
                 user (default) or under DIR/share/jupyter/kernels (then add DIR/share/jupyter to JUPYTER_PATH).
               course kernel --connection-file FILE
                 Runs the kernel; Jupyter starts it so, with the notebook's folder as the current directory.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["install", .. var rest]) return Install(rest);
        string? connectionFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connection-file" or "-f": connectionFile = Value(args, ref i); break;
                default: throw new UsageException($"unknown kernel argument '{args[i]}'");
            }
        }
        if (connectionFile is null) throw new UsageException("course kernel needs --connection-file FILE (Jupyter passes it) or the verb install");
        ConnectionInfo connection;
        try { connection = ConnectionInfo.Load(connectionFile); }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"course kernel: {e.Message}");
            return 2;
        }
        try
        {
            return await JupyterKernel.RunAsync(connection);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"course kernel: {e.Message}");
            return 1;
        }
    }

    private static int Install(IReadOnlyList<string> args)
    {
        string? prefix = null;
        var name = KernelSpec.DefaultName;
        var user = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--user": user = true; break;
                case "--prefix": prefix = Value(args, ref i); break;
                case "--name": name = Value(args, ref i); break;
                default: throw new UsageException($"unknown kernel install option '{args[i]}'");
            }
        }
        if (user && prefix is not null) throw new UsageException("--user and --prefix exclude each other");
        string folder;
        try
        {
            folder = KernelSpec.Install(prefix, KernelSpec.DotnetPath(), typeof(KernelCommand).Assembly.Location, name);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"course kernel install: {e.Message}");
            return 1;
        }
        Console.WriteLine($"installed the Jupyter kernel '{name}' ({KernelSpec.DisplayName}) in {folder}");
        if (prefix is not null)
            Console.WriteLine($"Jupyter finds it when JUPYTER_PATH includes {Path.Combine(Path.GetFullPath(prefix), "share", "jupyter")}");
        return 0;
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");
}
