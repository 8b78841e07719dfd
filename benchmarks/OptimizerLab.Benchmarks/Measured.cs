using BenchmarkDotNet.Reports;

namespace OptimizerLab.Benchmarks;

/// <summary>One benchmark's result: which method, with which parameters, its median time and its allocation per call.</summary>
internal sealed record Measured(string Class, string Method, IReadOnlyDictionary<string, string> Parameters, double MedianNs, long? AllocatedBytes)
{
    /// <summary>Every report of the summaries that produced a result.</summary>
    public static List<Measured> From(IEnumerable<Summary> summaries)
    {
        var all = new List<Measured>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is null) continue;
                var benchmark = report.BenchmarkCase;
                var parameters = benchmark.Parameters.Items.ToDictionary(p => p.Name, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                long? allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmark);
                all.Add(new Measured(benchmark.Descriptor.Type.Name, benchmark.Descriptor.WorkloadMethod.Name, parameters, report.ResultStatistics.Median, allocated));
            }
        }

        return all;
    }
}

/// <summary>Look-ups over the measured results.</summary>
internal static class MeasuredExtensions
{
    public static Measured? Find(this IEnumerable<Measured> results, string type, string method, params (string Name, object Value)[] parameters) =>
        results.FirstOrDefault(r => r.Class == type && r.Method == method && parameters.All(p =>
            r.Parameters.TryGetValue(p.Name, out var v) && v == Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
}
