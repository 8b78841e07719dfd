namespace OptimizerLab.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bits") return BitsCheck.Print();
        return 0;
    }
}
