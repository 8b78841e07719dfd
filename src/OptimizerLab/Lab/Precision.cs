namespace OptimizerLab.Lab;

/// <summary>The element type a run computes in.</summary>
public enum Precision
{
    /// <summary>float (torch.float32), the seed question's precision.</summary>
    Float32,

    /// <summary>double (torch.float64).</summary>
    Float64,
}
