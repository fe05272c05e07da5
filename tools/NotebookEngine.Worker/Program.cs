// The child process that executes one notebook's C# cells; see Course.NotebookEngine.Running.NotebookRunner.
return await Course.NotebookEngine.Running.WorkerHost.RunAsync(args);
