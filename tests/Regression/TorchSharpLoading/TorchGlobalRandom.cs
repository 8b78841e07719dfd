namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>
/// torch's default generator is one per process, and xunit runs test classes in parallel: a <c>manual_seed</c> and the
/// draws that depend on it must happen under <see cref="Gate"/>, or another class's draws interleave with them.
/// </summary>
public static class TorchGlobalRandom
{
    /// <summary>Hold it from <c>torch.manual_seed</c> to the last draw that must follow from that seed.</summary>
    public static readonly Lock Gate = new();
}
