// The child process that executes one notebook's C# cells; see Course.Notebooks.Running.NotebookRunner.
return await Course.Notebooks.Running.WorkerHost.RunAsync(args);
