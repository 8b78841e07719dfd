using BenchmarkDotNet.Attributes;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;
using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;
using static TorchSharp.torch;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Item 2: one optimizer step on N float32 parameters (gradient given): OptimizerLab on one core and on two, TorchSharp's
/// <c>optimizer.step()</c> on one thread, and a copy moving as many bytes as the step must (the bandwidth limit).
/// </summary>
[Config(typeof(QuickConfig))]
public class OptimizerStepBenchmarks
{
    private IOptimizer<float> _ours = null!;
    private TwoCoreStep _twoCores = null!;
    private optim.Optimizer _torch = null!;
    private Tensor _torchParameter = null!;
    private byte[] _copySource = null!;
    private byte[] _copyTarget = null!;

    /// <summary>Parameter count.</summary>
    [Params(1_000_000, 10_000_000)]
    public int N { get; set; }

    /// <summary>Optimizer (torch name) with the settings of <see cref="Settings"/>.</summary>
    [Params("adam", "adamw", "sgd", "rmsprop")]
    public string Optimizer { get; set; } = "adam";

    /// <summary>The settings each optimizer runs with: torch's defaults, SGD with momentum 0.9.</summary>
    public static IReadOnlyDictionary<string, string> Settings(string optimizer) =>
        optimizer == "sgd" ? new Dictionary<string, string> { ["lr"] = "1e-3", ["momentum"] = "0.9" } : new Dictionary<string, string>();

    /// <summary>
    /// Bytes a step must read and write per parameter: parameter, gradient and state read, parameter and state written.
    /// Adam/AdamW: p, g, m, v in, p, m, v out = 28. SGD with momentum: p, g, buf in, p, buf out = 20. RMSprop
    /// (not centered, no momentum): p, g, square_avg in, p, square_avg out = 20.
    /// </summary>
    public static int BytesPerParameter(string optimizer) => optimizer is "adam" or "adamw" ? 28 : 20;

    /// <summary>Parameters and gradients drawn from a fixed seed; one warm step so every state exists.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(1);
        var values = new float[N];
        var gradient = new float[N];
        random.FillGaussian<float>(values);
        random.FillGaussian<float>(gradient);
        var options = OptimizerCatalog.Options(Optimizer, Settings(Optimizer));

        var parameter = new Parameter<float>(values, "p");
        gradient.CopyTo(parameter.Grad, 0);
        _ours = OptimizerCatalog.Create<float>(Optimizer, [parameter], options);
        _ours.Step();

        _twoCores = new TwoCoreStep(Optimizer, options, values, gradient);
        _twoCores.Step();

        TorchSharpNative.EnsureLoaded(); // also one torch thread for this thread: the setting is per thread
        _torchParameter = new TorchSharp.Modules.Parameter(tensor(values), requires_grad: true);
        using (var g = tensor(gradient)) (_torchParameter * g).sum().backward(); // grad = gradient, kept across steps
        _torch = CreateTorch(Optimizer, (TorchSharp.Modules.Parameter)_torchParameter, options);
        _torch.step();

        _copySource = new byte[(long)N * BytesPerParameter(Optimizer) / 2];
        _copyTarget = new byte[_copySource.Length];
        Random.Shared.NextBytes(_copySource);
        _copySource.CopyTo(_copyTarget, 0);
    }

    /// <summary>Frees the native tensors and the helper thread.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _torch.Dispose();
        _torchParameter.Dispose();
        _twoCores.Dispose();
    }

    /// <summary>OptimizerLab, one thread.</summary>
    [Benchmark]
    public void OptimizerLab() => _ours.Step();

    /// <summary>OptimizerLab on both cores: two optimizers, each over half of the parameters (elementwise, so the same bits).</summary>
    [Benchmark]
    public void OptimizerLabTwoCores() => _twoCores.Step();

    /// <summary>TorchSharp's optimizer.step(), one thread.</summary>
    [Benchmark]
    public void TorchSharp() => _torch.step();

    /// <summary>Copies N · bytes-per-parameter / 2 bytes: reads and writes as many bytes as the step (the bandwidth limit).</summary>
    [Benchmark]
    public void Copy() => _copySource.AsSpan().CopyTo(_copyTarget);

    internal static optim.Optimizer CreateTorch(string optimizer, TorchSharp.Modules.Parameter parameter, OptimizerOptions options)
    {
        TorchSharp.Modules.Parameter[] parameters = [parameter];
        return options switch
        {
            AdamOptions o when optimizer == "adamw" => optim.AdamW(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize),
            AdamOptions o => optim.Adam(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize),
            SgdOptions o => optim.SGD(parameters, o.Lr, o.Momentum, o.Dampening, o.WeightDecay, o.Nesterov, o.Maximize),
            RmsPropOptions o => optim.RMSProp(parameters, o.Lr, o.Alpha, o.Eps, o.WeightDecay, o.Momentum, o.Centered, o.Maximize),
            _ => throw new ArgumentException($"No TorchSharp counterpart set up for {optimizer}."),
        };
    }
}
