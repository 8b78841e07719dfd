using FsCheck.Xunit;
using Xunit.Sdk;

namespace OptimizerLab.Properties.Gate;

/// <summary>
/// An FsCheck property on the gate: it runs <see cref="Cases"/> cases from the committed seed (set for the whole assembly
/// by <see cref="SeededPropertiesAttribute"/>), N times as many from fresh seeds under <c>OPTIMIZERLAB_EXPLORE=N</c>, and
/// its failure message opens with the property's labels or the assertion that failed (<see cref="CauseFirstMessageBus"/>).
/// A counterexample found by exploring is kept by giving its seed as <see cref="ReplayCase"/> (docs/testing.md).
/// </summary>
[XunitTestCaseDiscoverer("OptimizerLab.Properties.Gate.SeededPropertyDiscoverer", "OptimizerLab.Properties")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SeededPropertyAttribute : PropertyAttribute
{
    private int _cases = ExploreMode.DefaultCases;
    private string? _replayCase;

    public SeededPropertyAttribute() => MaxTest = ExploreMode.Cases(_cases);

    /// <summary>The number of cases on the gate (FsCheck's MaxTest); exploration multiplies it.</summary>
    public int Cases
    {
        get => _cases;
        set
        {
            _cases = value;
            if (_replayCase is null) MaxTest = ExploreMode.Cases(value);
        }
    }

    /// <summary>
    /// A kept counterexample: FsCheck's "(seed,gamma,size)" of the failing step, run as that one case, also when exploring.
    /// </summary>
    public string? ReplayCase
    {
        get => _replayCase;
        set
        {
            _replayCase = value;
            Replay = value;
            MaxTest = 1;
        }
    }
}

/// <summary>
/// The gate's seed for every property of the assembly, including plain <c>[Property]</c>s; a method's own
/// <c>Replay</c> overrides it. Exploring leaves the seed unset, so FsCheck draws a fresh one per property.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class SeededPropertiesAttribute : PropertiesAttribute
{
    public SeededPropertiesAttribute()
    {
        if (!ExploreMode.Exploring) Replay = ExploreMode.CommittedSeed;
    }
}
