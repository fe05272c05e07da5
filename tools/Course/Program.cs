using Course.Cli;

// course run <notebook or folder> [--out …] [--html …] [--timeout s] [--plotly inline|cdn]
try
{
    if (args is not ["run", .. var rest]) throw new UsageException(args.Length == 0 ? "which command?" : $"unknown command '{args[0]}'");
    return await Runner.RunAsync(RunCommand.Parse(rest));
}
catch (UsageException e)
{
    Console.Error.WriteLine($"course: {e.Message}");
    Console.Error.WriteLine(RunCommand.Usage);
    return 2;
}
