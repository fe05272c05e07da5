using Course.Cli;

// course run <notebook or folder> [--out …] [--html …] [--timeout s] [--plotly inline|cdn]
// course kernel install [--user | --prefix DIR] [--name NAME]  |  course kernel --connection-file FILE
// course catalogue [--check]
try
{
    return args switch
    {
        ["run", .. var rest] => await Runner.RunAsync(RunCommand.Parse(rest)),
        ["kernel", .. var rest] => await KernelCommand.RunAsync(rest),
        ["catalogue", .. var rest] => CatalogueCommand.Run(rest, Console.Out, Console.Error),
        [] => throw new UsageException("which command?"),
        _ => throw new UsageException($"unknown command '{args[0]}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"course: {e.Message}");
    Console.Error.WriteLine(RunCommand.Usage);
    Console.Error.WriteLine(KernelCommand.Usage);
    Console.Error.WriteLine(CatalogueCommand.Usage);
    return 2;
}
