using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// The one command: runs every benchmark and the whole-process timings, then writes its section of docs/benchmarks.md —
/// ratios against the targets first, then absolute times, with the machine named.
/// </summary>
internal static class Report
{
    public const string Command = "dotnet run -c Release --project benchmarks/OptimizerLab.Benchmarks -- report";

    public static int Run(string[] args)
    {
        bool process = !args.Contains("--no-process");
        string root = WholeProcess.RepositoryRoot();
        string loadBefore = LoadAverage();
        var started = DateTime.UtcNow;

        var summaries = new List<Summary>();
        foreach (var type in new[] { typeof(SeedStepBenchmarks), typeof(OptimizerStepBenchmarks), typeof(ParameterScalingBenchmarks),
                     typeof(ProblemScalingBenchmarks), typeof(SweepBenchmarks) })
            summaries.Add(BenchmarkRunner.Run(type));
        var results = Measured.From(summaries);
        var keptMemory = TorchAllocatorVariant.Measure();
        var allocations = DirectChecks.Allocations();
        var leastDisturbed = DirectChecks.LeastDisturbed();
        var sweepCores = DirectChecks.SweepCores();
        var profile = SeedStepProfile.Measure();
        var (bitsOk, _) = BitsCheck.Check();

        (TimeSpan? Time, string Note) cli = (null, "skipped (--no-process)");
        (TimeSpan? Time, string Note) tests = (null, "skipped (--no-process)");
        if (process)
        {
            cli = WholeProcess.Cli(root);
            var t = WholeProcess.Tests(root);
            tests = (t.Time, t.Note);
        }

        string loadAfter = LoadAverage();
        var minutes = (DateTime.UtcNow - started).TotalMinutes;
        string notes = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReportNotes.md"));
        string text = Write(results, keptMemory, allocations, leastDisturbed, sweepCores, profile, bitsOk, cli, tests, loadBefore, loadAfter, minutes, notes);
        string target = Path.Combine(root, "docs", "benchmarks.md");
        File.WriteAllText(target, GeneratedRegion.Replace(File.ReadAllText(target), text));
        Console.WriteLine(text);
        Console.WriteLine($"Written to {target}");
        return 0;
    }

    private static string Write(List<Measured> r, Dictionary<(string, int), double> keptMemory, List<(string Workload, double BytesPerStep)> allocations,
        Dictionary<string, double> best, List<(int Cores, double WallSeconds, double CoresObtained)> sweepCores, List<string> profile, bool bitsOk, (TimeSpan? Time, string Note) cli,
        (TimeSpan? Time, string Note) tests, string loadBefore, string loadAfter, double minutes, string notes)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"Regenerate with `{Command}` (this run took {minutes:F0} min; `-- report --no-process` skips the whole-process timings). It rewrites this section of `docs/benchmarks.md`. Single benchmarks: `dotnet run -c Release --project benchmarks/OptimizerLab.Benchmarks -- --filter '*SeedStep*'`; bits check: `... -- bits`."));
        s.AppendLine();
        s.AppendLine($"Machine: {MachineName()}. Load average (1, 5, 15 min) {loadBefore} at the start and {loadAfter} at the end of the run: above 2 other work shared the 2 cores, so figures are medians of a noisy machine. Every benchmark is BenchmarkDotNet 0.15.8, in process, 2 warm-up and 7 measured iterations of ~200 ms (the sweep: 1 warm-up, 3 iterations), median reported.");
        s.AppendLine();

        // ---------- ratios ----------
        var seedOurs = r.Find(nameof(SeedStepBenchmarks), "OptimizerLab");
        var seedTorch = r.Find(nameof(SeedStepBenchmarks), "TorchSharp");
        var seedLimit = r.Find(nameof(SeedStepBenchmarks), "ArithmeticLimit");
        s.AppendLine("### Ratios against the targets");
        s.AppendLine();
        s.AppendLine("| what | measured | target | verdict |");
        s.AppendLine("|---|---|---|---|");
        if (seedOurs is not null && seedTorch is not null)
        {
            double ratio = seedTorch.MedianNs / seedOurs.MedianNs;
            s.AppendLine(Inv($"| seed step (64 × 1000, f32, forward + backward + Adam): TorchSharp ÷ OptimizerLab | {ratio:F1}× | ≥ 30× | {AtLeast(ratio, 30)} |"));
            s.AppendLine(Inv($"| seed step: OptimizerLab time | {Micro(seedOurs.MedianNs)} | ≤ 4 µs | {AtMost(seedOurs.MedianNs, 4000)} |"));
            if (seedLimit is not null)
                s.AppendLine(Inv($"| seed step: OptimizerLab ÷ arithmetic limit | {seedOurs.MedianNs / seedLimit.MedianNs:F1}× | — | limit {Micro(seedLimit.MedianNs)} |"));
        }

        foreach (int n in new[] { 10_000_000, 1_000_000 })
        {
            foreach (string o in new[] { "adam", "adamw", "sgd", "rmsprop" })
            {
                var ours = r.Find(nameof(OptimizerStepBenchmarks), "OptimizerLab", ("N", n), ("Optimizer", o));
                var torch = r.Find(nameof(OptimizerStepBenchmarks), "TorchSharp", ("N", n), ("Optimizer", o));
                var copy = r.Find(nameof(OptimizerStepBenchmarks), "Copy", ("N", n), ("Optimizer", o));
                if (ours is null || torch is null || copy is null) continue;
                double ratio = torch.MedianNs / ours.MedianNs;
                string kept = keptMemory.TryGetValue((o, n), out double k) ? Inv($"; {k / ours.MedianNs:F1}× against TorchSharp with glibc keeping freed memory") : "";
                s.AppendLine(Inv($"| {Name(o)} step, {Count(n)} params, 1 core: TorchSharp ÷ OptimizerLab | {ratio:F1}×{kept} | ≥ 6× | {AtLeast(ratio, 6)} |"));
                double share = copy.MedianNs / ours.MedianNs;
                s.AppendLine(Inv($"| {Name(o)} step, {Count(n)} params, 1 core: bandwidth ÷ copy bandwidth | {share:P0} | ≥ 60% | {AtLeast(share, 0.6)} |"));
            }
        }

        var sweep1 = r.Find(nameof(SweepBenchmarks), "Sweep", ("Cores", 1));
        var sweep2 = r.Find(nameof(SweepBenchmarks), "Sweep", ("Cores", 2));
        if (sweep1 is not null && sweep2 is not null)
        {
            double speedup = sweep1.MedianNs / sweep2.MedianNs;
            s.AppendLine(Inv($"| sweep of {SweepBenchmarks.Experiments} seed experiments: 1 core ÷ 2 cores | {speedup:F2}× | ≥ 1.8× | {AtLeast(speedup, 1.8)} |"));
        }

        if (sweepCores.Count == 2)
        {
            var (one, two) = (sweepCores[0], sweepCores[1]);
            s.AppendLine(Inv($"| sweep, one more run each with CPU time: 1 core ÷ 2 cores; cores obtained (CPU s per wall s) | {one.WallSeconds / two.WallSeconds:F2}×; {one.CoresObtained:F2} and {two.CoresObtained:F2} | ≥ 1.8× | {AtLeast(one.WallSeconds / two.WallSeconds, 1.8)}; CPU seconds 1-core run ÷ 2-core run {one.WallSeconds * one.CoresObtained / (two.WallSeconds * two.CoresObtained):P0} (100% = no parallel overhead) |"));
        }

        s.AppendLine(cli.Time is { } c
            ? Inv($"| default CLI command, wall time | {c.TotalSeconds:F2} s | ≤ 3 s | {AtMost(c.TotalSeconds, 3)} |")
            : $"| default CLI command, wall time | not measured | ≤ 3 s | {cli.Note} |");
        s.AppendLine(tests.Time is { } t
            ? Inv($"| `dotnet test` after build, wall time | {t.TotalSeconds:F0} s | ≤ 60 s | {AtMost(t.TotalSeconds, 60)} |")
            : $"| `dotnet test` after build, wall time | not measured | ≤ 60 s | {tests.Note} |");
        s.AppendLine($"| determinism: {BitsCheck.Count} whole runs (`-- bits`: losses and final parameters, SHA-256) with this machine's kernels and the scalar references | {(bitsOk ? "bit-identical to the recorded fingerprints (the same with AVX-512, AVX2 only and no intrinsics)" : "CHANGED")} | identical | {(bitsOk ? "met" : "MISSED")} |");
        double maxAllocated = allocations.Max(a => a.BytesPerStep);
        s.AppendLine(Inv($"| allocation per step on the stepping thread ({string.Join(", ", allocations.Select(a => a.Workload))}) | at most {maxAllocated:F1} B | 0 | {(maxAllocated == 0 ? "met" : "missed: " + string.Join("; ", allocations.Where(a => a.BytesPerStep > 0).Select(a => Inv($"{a.Workload} {a.BytesPerStep:F1} B"))))} |"));
        if (best.TryGetValue("seed OptimizerLab", out double bestOurs) && best.TryGetValue("seed TorchSharp", out double bestTorch))
            s.AppendLine(Inv($"| least-disturbed seed step (best of 300 batches of 100 steps): OptimizerLab time; TorchSharp ÷ OptimizerLab | {Micro(bestOurs)}; {bestTorch / bestOurs:F1}× | ≤ 4 µs; ≥ 30× | {AtMost(bestOurs, 4000)}; {AtLeast(bestTorch / bestOurs, 30)} |"));
        if (best.TryGetValue("adam10M OptimizerLab", out double bestAdam) && best.TryGetValue("adam10M TorchSharp", out double bestTorchAdam) && best.TryGetValue("adam10M copy", out double bestCopy))
            s.AppendLine(Inv($"| least-disturbed Adam 10M step (best of 25): TorchSharp ÷ OptimizerLab; bandwidth ÷ copy bandwidth | {bestTorchAdam / bestAdam:F1}×; {bestCopy / bestAdam:P0} | ≥ 6×; ≥ 60% | {AtLeast(bestTorchAdam / bestAdam, 6)}; {AtLeast(bestCopy / bestAdam, 0.6)} |"));
        s.AppendLine();

        // ---------- absolute ----------
        s.AppendLine("### Absolute times (medians)");
        s.AppendLine();
        s.AppendLine("**Seed step** (one training step of the seed question: loss and gradient of 64 × 1000 least squares, then Adam; float32, one thread):");
        s.AppendLine();
        s.AppendLine("| | median per step | least disturbed (best batch) | allocated per step (BenchmarkDotNet, all threads) |");
        s.AppendLine("|---|---|---|---|");
        foreach (var (label, m, key) in new[] { ("OptimizerLab", seedOurs, "seed OptimizerLab"), ("TorchSharp (`torch.set_num_threads(1)`)", seedTorch, "seed TorchSharp"), ("arithmetic limit (128 000 FMAs at peak rate)", seedLimit, "seed limit") })
            if (m is not null) s.AppendLine($"| {label} | {Micro(m.MedianNs)} | {(best.TryGetValue(key, out double b) ? Micro(b) : "—")} | {Bytes(m.AllocatedBytes)} |");
        if (best.TryGetValue("seed limit", out double limitNs))
        {
            double rate = ArithmeticLimit.MultiplyAdds / limitNs; // per ns = G/s
            s.AppendLine();
            s.AppendLine(Inv($"Measured peak (least-disturbed limit): {rate:F0} G multiply-adds/s, i.e. 32 per cycle (two 512-bit FMA pipes × 16 float lanes) at {rate / 32:F2} GHz."));
        }

        s.AppendLine();
        s.AppendLine("**Optimizer step** (gradient given; settings: torch defaults, SGD with momentum 0.9 and lr 1e-3; bytes moved per parameter: Adam/AdamW 28, SGD/RMSprop 20):");
        s.AppendLine();
        s.AppendLine("| optimizer | params | OptimizerLab 1 core | OptimizerLab 2 cores | TorchSharp 1 thread | TorchSharp, glibc keeps memory | copy of the same bytes | OptimizerLab GB/s | copy GB/s | allocated (BenchmarkDotNet, all threads: 1 core / 2 cores) |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (int n in new[] { 1_000_000, 10_000_000 })
        {
            foreach (string o in new[] { "adam", "adamw", "sgd", "rmsprop" })
            {
                var ours = r.Find(nameof(OptimizerStepBenchmarks), "OptimizerLab", ("N", n), ("Optimizer", o));
                var two = r.Find(nameof(OptimizerStepBenchmarks), "OptimizerLabTwoCores", ("N", n), ("Optimizer", o));
                var torch = r.Find(nameof(OptimizerStepBenchmarks), "TorchSharp", ("N", n), ("Optimizer", o));
                var copy = r.Find(nameof(OptimizerStepBenchmarks), "Copy", ("N", n), ("Optimizer", o));
                if (ours is null) continue;
                double bytes = (double)n * OptimizerStepBenchmarks.BytesPerParameter(o);
                string kept = keptMemory.TryGetValue((o, n), out double k) ? Milli(k) : "—";
                s.AppendLine(Inv($"| {Name(o)} | {Count(n)} | {Milli(ours.MedianNs)} | {Milli(two?.MedianNs)} | {Milli(torch?.MedianNs)} | {kept} | {Milli(copy?.MedianNs)} | {bytes / ours.MedianNs:F1} | {(copy is null ? "—" : (bytes / copy.MedianNs).ToString("F1", CultureInfo.InvariantCulture))} | {Bytes(ours.AllocatedBytes)} / {Bytes(two?.AllocatedBytes)} |"));
            }
        }

        s.AppendLine();
        s.AppendLine("**Adam step against parameter count** (one thread each):");
        s.AppendLine();
        s.AppendLine("| params | OptimizerLab | ns per param | TorchSharp | TorchSharp ÷ OptimizerLab |");
        s.AppendLine("|---|---|---|---|---|");
        foreach (var ours in r.Where(x => x.Class == nameof(ParameterScalingBenchmarks) && x.Method == "OptimizerLab"))
        {
            int n = int.Parse(ours.Parameters["N"], CultureInfo.InvariantCulture);
            var torch = r.Find(nameof(ParameterScalingBenchmarks), "TorchSharp", ("N", n));
            s.AppendLine(Inv($"| {Count(n)} | {Micro(ours.MedianNs)} | {ours.MedianNs / n:F2} | {Micro(torch?.MedianNs)} | {(torch is null ? "—" : (torch.MedianNs / ours.MedianNs).ToString("F1", CultureInfo.InvariantCulture) + "×")} |"));
        }

        s.AppendLine();
        s.AppendLine("**Least-squares training step against N × D** (loss, gradient and Adam, float32, one thread; per multiply-add = time ÷ 2·N·D):");
        s.AppendLine();
        var problem = r.Where(x => x.Class == nameof(ProblemScalingBenchmarks)).ToList();
        var inputs = problem.Select(x => int.Parse(x.Parameters["Inputs"], CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        s.AppendLine("| N \\ D | " + string.Join(" | ", inputs.Select(d => d.ToString(CultureInfo.InvariantCulture))) + " |");
        s.AppendLine("|---|" + string.Concat(inputs.Select(_ => "---|")));
        foreach (int rows in problem.Select(x => int.Parse(x.Parameters["Rows"], CultureInfo.InvariantCulture)).Distinct().Order())
        {
            var cells = inputs.Select(d =>
            {
                var m = r.Find(nameof(ProblemScalingBenchmarks), "OptimizerLab", ("Rows", rows), ("Inputs", d));
                return m is null ? "—" : Inv($"{Micro(m.MedianNs)} ({m.MedianNs / (2.0 * rows * d) * 1000:F0} ps/MA)");
            });
            s.AppendLine($"| {rows} | " + string.Join(" | ", cells) + " |");
        }

        s.AppendLine();
        if (sweep1 is not null && sweep2 is not null)
        {
            s.AppendLine(Inv($"**Sweep**: {SweepBenchmarks.Experiments} seed experiments (seeds 0–{SweepBenchmarks.Experiments - 1}, Adam, {SweepBenchmarks.Steps} steps, diagnostics every step, sharpness every 25 steps) through the library's `Sweep.Run`: 1 core {sweep1.MedianNs / 1e9:F2} s, 2 cores {sweep2.MedianNs / 1e9:F2} s ({sweep1.MedianNs / 1e6 / SweepBenchmarks.Experiments:F1} ms per experiment on one core)."));
            s.AppendLine();
        }

        s.AppendLine($"**Whole process**: CLI — {(cli.Time is { } cc ? Inv($"{cc.TotalSeconds:F2} s, ") : "")}{cli.Note}. Tests — {(tests.Time is { } tt ? Inv($"{tt.TotalSeconds:F0} s, ") : "")}{tests.Note}.");
        s.AppendLine();
        s.AppendLine("**Seed step profile** (`-- profile`: each part alone, best of 300 batches of 100 calls; the VM exposes no hardware counters, so the profile is timing):");
        s.AppendLine();
        s.AppendLine("```");
        foreach (string line in profile) s.AppendLine(line);
        s.AppendLine("```");
        s.AppendLine();
        s.Append(notes);
        return s.ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string AtLeast(double value, double target) =>
        value >= target ? "met" : Inv($"missed by {(1 - value / target):P0}");

    private static string AtMost(double value, double target) =>
        value <= target ? "met" : Inv($"missed by {(value / target - 1):P0}");

    private static string Micro(double? ns) => ns is { } v ? Inv($"{v / 1000:F2} µs") : "—";

    private static string Milli(double? ns) => ns is { } v ? Inv($"{v / 1e6:F2} ms") : "—";

    private static string Bytes(long? bytes) => bytes is { } b ? Inv($"{b} B") : "—";

    private static string Count(int n) => n >= 1_000_000 ? $"{n / 1_000_000}M" : n >= 1000 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

    private static string Name(string optimizer) => optimizer switch
    {
        "adam" => "Adam",
        "adamw" => "AdamW",
        "sgd" => "SGD momentum",
        "rmsprop" => "RMSprop",
        _ => optimizer,
    };

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>CPU model, family/model, core count, vector extensions, memory, OS and runtime, from /proc and the runtime.</summary>
    private static string MachineName()
    {
        string model = "unknown CPU", family = "?", cpuModel = "?";
        bool avx512 = false;
        if (File.Exists("/proc/cpuinfo"))
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                var parts = line.Split(':', 2);
                if (parts.Length != 2) continue;
                string key = parts[0].Trim(), value = parts[1].Trim();
                if (key == "model name") model = value;
                else if (key == "cpu family") family = value;
                else if (key == "model") cpuModel = value;
                else if (key == "flags") avx512 = value.Split(' ').Contains("avx512f");
            }
        }

        string memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes is var total and > 0 ? Inv($"{total / (1024.0 * 1024 * 1024):F0} GiB") : "?";
        return $"{model} (family {family} model {cpuModel}), {Environment.ProcessorCount} cores{(avx512 ? ", AVX-512" : "")}, {memory}, " +
               $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
