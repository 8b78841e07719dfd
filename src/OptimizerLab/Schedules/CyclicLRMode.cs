namespace OptimizerLab.Schedules;

/// <summary>The amplitude policy of <see cref="CyclicLR"/> (torch's <c>mode</c>).</summary>
public enum CyclicLRMode
{
    /// <summary>"triangular": the same amplitude every cycle.</summary>
    Triangular,

    /// <summary>"triangular2": the amplitude halves each cycle.</summary>
    Triangular2,

    /// <summary>"exp_range": the amplitude is scaled by gamma^(iterations since the start).</summary>
    ExpRange,
}
