using Beach.Actors.Cli;

return await BeachCli.RunAsync(args, Console.Out, Console.Error);
