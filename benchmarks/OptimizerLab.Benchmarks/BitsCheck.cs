using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OptimizerLab.Kernels;
using OptimizerLab.Lab;
using OptimizerLab.Problems;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Fingerprints of whole runs: SHA-256 of every loss's bits and the final parameters' bits. A speed change to a kernel or
/// to <see cref="LeastSquaresProblem{T}"/> must leave every fingerprint as it was before the change (the values are
/// kept in benchmarks/README-section.md), with the Vector256/Vector512 kernels and with the scalar references alike.
/// </summary>
internal static class BitsCheck
{
    private static readonly (string Name, RunSpec Spec)[] Runs =
    [
        ("seed adam f32 5000", Spec("adam", Precision.Float32, 5000, [])),
        ("seed adam f64 3000", Spec("adam", Precision.Float64, 3000, [])),
        ("seed sgd f32 2000", Spec("sgd", Precision.Float32, 2000, [], ("lr", "1e-4"))),
        ("seed rmsprop f32 2000", Spec("rmsprop", Precision.Float32, 2000, [])),
        ("seed adamw f32 2000 d_out=3 no bias mean", Spec("adamw", Precision.Float32, 2000, [("d_out", "3"), ("bias", "false"), ("reduction", "mean")])),
        ("seed adam f32 2000 n=200 d_in=37 batch=16", Spec("adam", Precision.Float32, 2000, [("n", "200"), ("d_in", "37"), ("batch", "16")])),
        ("seed adam f64 1000 n=5 d_in=300 d_out=2", Spec("adam", Precision.Float64, 1000, [("n", "5"), ("d_in", "300"), ("d_out", "2")])),
    ];

    /// <summary>Prints one line per run: name, SIMD fingerprint, scalar fingerprint, and whether they agree.</summary>
    public static int Print()
    {
        Console.WriteLine($"Vector256 accelerated: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}, Vector512: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        bool allAgree = true;
        foreach (var (name, spec) in Runs)
        {
            string simd = Fingerprint(spec);
            string scalar = "";
            KernelDispatch.WithScalarKernels(() => scalar = Fingerprint(spec));
            allAgree &= simd == scalar;
            Console.WriteLine($"{name,-45} {simd} {(simd == scalar ? "scalar same" : "SCALAR DIFFERS " + scalar)}");
        }

        return allAgree ? 0 : 1;
    }

    /// <summary>The fingerprint of one run (losses, then final parameters), hex.</summary>
    public static string Fingerprint(RunSpec spec) =>
        spec.Precision == Precision.Float32 ? Fingerprint<float>(spec) : Fingerprint<double>(spec);

    private static string Fingerprint<T>(RunSpec spec) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = spec.Problem.Build<T>(spec.Seed);
        var result = Experiment.Run(spec, problem);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(result.Records.Loss.AsSpan()));
        foreach (var parameter in problem.Parameters) hash.AppendData(MemoryMarshal.AsBytes(parameter.Value.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static RunSpec Spec(string optimizer, Precision precision, int steps, (string, string)[] problem, params (string, string)[] settings) => new()
    {
        Label = optimizer,
        Problem = new ProblemSpec("seed", problem.ToDictionary(p => p.Item1, p => p.Item2)),
        Optimizer = optimizer,
        OptimizerSettings = settings.ToDictionary(p => p.Item1, p => p.Item2),
        Precision = precision,
        Steps = steps,
        DiagnosticsEvery = steps, // diagnostics read the run but never change it; fewer make the check fast
        SharpnessEvery = 0,
    };
}
