// The shell blocks run the CLI in a scratch working directory (Environment.CurrentDirectory) and the C# blocks capture
// Console.Out: both are process-wide, so this project's tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
