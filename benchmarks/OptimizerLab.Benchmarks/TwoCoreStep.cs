using OptimizerLab.Optimizers;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// One optimizer step on both cores: the parameters split in two halves, each with its own optimizer; this thread steps
/// the first half while a dedicated worker steps the second. Elementwise updates, so the bits equal one optimizer's.
/// The worker waits on events (no allocation per step).
/// </summary>
internal sealed class TwoCoreStep : IDisposable
{
    private readonly IOptimizer<float> _first;
    private readonly IOptimizer<float> _second;
    private readonly Thread _worker;
    private readonly ManualResetEventSlim _go = new(false, spinCount: 2000);
    private readonly ManualResetEventSlim _done = new(false, spinCount: 2000);
    private volatile bool _stop;

    public TwoCoreStep(string optimizer, OptimizerOptions options, float[] values, float[] gradient)
    {
        int half = values.Length / 2;
        _first = Create(optimizer, options, values.AsSpan(0, half), gradient.AsSpan(0, half));
        _second = Create(optimizer, options, values.AsSpan(half), gradient.AsSpan(half));
        _worker = new Thread(Work) { IsBackground = true, Name = "second core" };
        _worker.Start();
    }

    public void Step()
    {
        _go.Set();
        _first.Step();
        _done.Wait();
        _done.Reset();
    }

    public void Dispose()
    {
        _stop = true;
        _go.Set();
        _worker.Join();
        _go.Dispose();
        _done.Dispose();
    }

    private void Work()
    {
        while (true)
        {
            _go.Wait();
            _go.Reset();
            if (_stop) return;
            _second.Step();
            _done.Set();
        }
    }

    private static IOptimizer<float> Create(string optimizer, OptimizerOptions options, ReadOnlySpan<float> values, ReadOnlySpan<float> gradient)
    {
        var parameter = new Parameter<float>(values, "p");
        gradient.CopyTo(parameter.Grad);
        return OptimizerCatalog.Create<float>(optimizer, [parameter], options);
    }
}
