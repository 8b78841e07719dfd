namespace OptimizerLab.Lab;

/// <summary>What a sweep run with a <see cref="SweepStore"/> came to: complete, or interrupted with some runs finished and kept.</summary>
/// <param name="Runs">The finished runs in grid order: all of them when complete, those finished so far when interrupted.</param>
/// <param name="Total">Runs in the sweep.</param>
/// <param name="Reused">Runs loaded from the store rather than run.</param>
public sealed record SweepOutcome(IReadOnlyList<SweepRun> Runs, int Total, int Reused)
{
    /// <summary>Runs that ran (and were kept) in this call.</summary>
    public int Ran => Runs.Count - Reused;

    /// <summary>True when cancellation stopped the sweep before every run finished.</summary>
    public bool Interrupted => Runs.Count < Total;
}
