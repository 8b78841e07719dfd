namespace OptimizerLab.Optimizers;

/// <summary>
/// The options of an Adam-family optimizer whose weight decay can be decoupled (torch's <c>decoupled_weight_decay</c> of
/// Adam, NAdam and RAdam): what the lab needs to read its momentum form.
/// </summary>
internal interface IDecoupledDecayOptions
{
    double Lr { get; }

    double Beta1 { get; }

    double WeightDecay { get; }

    bool DecoupledWeightDecay { get; }
}
