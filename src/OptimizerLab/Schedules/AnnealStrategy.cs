namespace OptimizerLab.Schedules;

/// <summary>How <see cref="OneCycleLR"/> and <see cref="SWALR"/> move between two values (torch's <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>"cos": <c>end + (start - end)/2·(cos(π·pct) + 1)</c>.</summary>
    Cos,

    /// <summary>"linear": <c>(end - start)·pct + start</c>.</summary>
    Linear,
}
