namespace OptimizerLab.Schedules;

/// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a metric that should fall or rise (torch's <c>mode</c>).</summary>
public enum PlateauMode
{
    /// <summary>"min": lower is better (a loss).</summary>
    Min,

    /// <summary>"max": higher is better (an accuracy).</summary>
    Max,
}

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a metric improved on the best so far (torch's <c>threshold_mode</c>).</summary>
public enum ThresholdMode
{
    /// <summary>"rel": better than best·(1 ∓ threshold).</summary>
    Rel,

    /// <summary>"abs": better than best ∓ threshold.</summary>
    Abs,
}
