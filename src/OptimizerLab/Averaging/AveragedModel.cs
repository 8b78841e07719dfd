using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Averaging;

/// <summary>
/// A running average of a list of parameters (<c>torch.optim.swa_utils.AveragedModel</c> over parameters, without a module):
/// the equal-weight average of stochastic weight averaging (SWA), or an exponential moving average (EMA) with a decay.
/// </summary>
/// <remarks>
/// <see cref="UpdateParameters"/> copies the parameters the first time, then, with n = <see cref="NAveraged"/> (torch's
/// <c>get_swa_avg_fn</c> and <c>get_ema_avg_fn</c>, element by element in the parameters' type):
/// <code>
/// SWA: avg = avg + (p - avg) / (n + 1)
/// EMA: avg = decay·avg + (1 - decay)·p
/// </code>
/// (torch's foreach forms, on GPUs, use <c>lerp</c> instead and may differ in the last bit.) There are no buffers here, so
/// torch's <c>use_buffers</c> has nothing to do.
/// </remarks>
public sealed class AveragedModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _averages;
    private readonly T _decay;
    private readonly T _oneMinusDecay;

    /// <summary>SWA, an equal-weight average, of parameters shaped like <paramref name="model"/> (torch's default <c>avg_fn</c>).</summary>
    public AveragedModel(IReadOnlyList<Parameter<T>> model)
        : this(model, decay: null)
    {
    }

    private AveragedModel(IReadOnlyList<Parameter<T>> model, double? decay)
    {
        ArgumentNullException.ThrowIfNull(model);
        _averages = model.Select(p => new Parameter<T>(p.Value, p.Name) { Shape = p.Shape }).ToArray();
        Decay = decay;
        if (decay is double d)
        {
            _decay = T.CreateChecked(d);
            _oneMinusDecay = T.CreateChecked(1 - d);
        }
    }

    /// <summary>An exponential moving average with <paramref name="decay"/> (torch's <c>get_ema_avg_fn(decay)</c>, default 0.999).</summary>
    public static AveragedModel<T> Ema(IReadOnlyList<Parameter<T>> model, double decay = 0.999)
    {
        if (!(decay >= 0.0 && decay <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, $"Invalid decay value {Numerics.PythonFloat.Repr(decay)} provided. Please provide a value in [0,1] range.");
        return new AveragedModel<T>(model, decay);
    }

    /// <summary>The averaged parameters, in the order of the model's (torch's <c>AveragedModel.parameters()</c>).</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _averages;

    /// <summary>How many times <see cref="UpdateParameters"/> was called (torch's <c>n_averaged</c>).</summary>
    public long NAveraged { get; private set; }

    /// <summary>The EMA decay, or null for SWA.</summary>
    public double? Decay { get; }

    /// <summary>Folds the current values of <paramref name="model"/> into the average (torch's <c>update_parameters(model)</c>).</summary>
    public void UpdateParameters(IReadOnlyList<Parameter<T>> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Count != _averages.Length)
            throw new ArgumentException($"The model has {model.Count} parameters; this average has {_averages.Length}.", nameof(model));
        for (int i = 0; i < model.Count; i++)
        {
            if (model[i].Length != _averages[i].Length)
                throw new ArgumentException($"Parameter {i} ('{model[i].Name}') has {model[i].Length} elements; its average has {_averages[i].Length}.", nameof(model));
        }

        T count = T.CreateChecked(NAveraged + 1);
        for (int i = 0; i < model.Count; i++)
        {
            Span<T> average = _averages[i].Value;
            ReadOnlySpan<T> current = model[i].Value;
            if (NAveraged == 0) current.CopyTo(average);
            else if (Decay is null) Swa(average, current, count);
            else Ema(average, current);
        }

        NAveraged++;
    }

    private static void Swa(Span<T> average, ReadOnlySpan<T> current, T count)
    {
        for (int j = 0; j < average.Length; j++) average[j] += (current[j] - average[j]) / count;
    }

    private void Ema(Span<T> average, ReadOnlySpan<T> current)
    {
        for (int j = 0; j < average.Length; j++) average[j] = _decay * average[j] + _oneMinusDecay * current[j];
    }
}
