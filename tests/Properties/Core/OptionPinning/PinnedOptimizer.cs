using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core.OptionPinning;

/// <summary>One optimizer's row of the option-pinning table: its option cases, its library type and its scalar model.</summary>
internal interface IPinnedOptimizer
{
    /// <summary>The catalog name, which names the table's rows.</summary>
    string Name { get; }

    /// <summary>The option cases by name; each runs in float32 and float64.</summary>
    IEnumerable<string> CaseNames { get; }

    /// <summary>Runs one case in one precision against the model (<see cref="PinnedRun.Pin{T}"/>).</summary>
    void Pin(string caseName, string precision);
}

/// <summary>The part of every <see cref="IPinnedOptimizer"/> that does not depend on the optimizer.</summary>
internal abstract class PinnedOptimizer<TOptions> : IPinnedOptimizer where TOptions : OptimizerOptions
{
    public abstract string Name { get; }

    /// <summary>The option cases: each sets options whose order or form the model pins, with non-default values.</summary>
    protected abstract IReadOnlyDictionary<string, TOptions> Cases { get; }

    public IEnumerable<string> CaseNames => Cases.Keys;

    /// <summary>The library optimizer over one parameter.</summary>
    protected abstract IOptimizer<T> Create<T>(Parameter<T> parameter, TOptions options) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The scalar model of torch's single-tensor algorithm.</summary>
    protected abstract IReferenceStep<T> Model<T>(TOptions options) where T : unmanaged, IFloatingPointIeee754<T>;

    public void Pin(string caseName, string precision)
    {
        if (precision == "float32") Pin<float>(caseName);
        else Pin<double>(caseName);
    }

    private void Pin<T>(string caseName) where T : unmanaged, IFloatingPointIeee754<T> =>
        PinnedRun.Pin($"{Name} {caseName}", p => Create(p, Cases[caseName]), Model<T>(Cases[caseName]));
}
