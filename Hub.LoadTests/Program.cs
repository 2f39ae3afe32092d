using KefuHub.LoadTests;

return await LoadTestCli.RunAsync(args);
