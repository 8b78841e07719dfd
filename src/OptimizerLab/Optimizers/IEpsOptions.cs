namespace OptimizerLab.Optimizers;

/// <summary>The options of an optimizer whose step divides by a denominator with eps added (Adam's family, RMSprop).</summary>
internal interface IEpsOptions
{
    double Lr { get; }

    double Eps { get; }
}
