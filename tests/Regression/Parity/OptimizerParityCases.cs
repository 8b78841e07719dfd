using OptimizerLab.Optimizers;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// The table of optimizer configurations compared with TorchSharp. Adding a configuration is one line in
/// <see cref="All"/>; adding an optimizer also needs its pair helper like <see cref="Adam"/> (our open generic type,
/// TorchSharp's constructor fed from our options, and the tolerance allowance from <see cref="ParityTolerance"/>).
/// Every TorchSharp argument is passed explicitly: some of its defaults differ from PyTorch's (AdamW weight_decay 0
/// instead of 0.01, RAdam lr 0.002 instead of 0.001, SGD lr required).
/// </summary>
public static class OptimizerParityCases
{
    /// <summary>Every case, by name.</summary>
    public static readonly IReadOnlyDictionary<string, ParityCase> All = new[]
    {
        Adam("Adam", new AdamOptions()),
        Adam("Adam lr=1e-2 amsgrad", new AdamOptions { Lr = 1e-2, Amsgrad = true }),
        Adam("Adam weight_decay=0.1 (L2)", new AdamOptions { WeightDecay = 0.1 }),
        Adam("Adam maximize betas=(0.8,0.99) eps=1e-6", new AdamOptions { Maximize = true, Beta1 = 0.8, Beta2 = 0.99, Eps = 1e-6 }),
        AdamW("AdamW weight_decay=0.01", AdamOptions.AdamW() with { WeightDecay = 0.01 }),
        AdamW("AdamW lr=1e-2 weight_decay=0.1 amsgrad", AdamOptions.AdamW() with { Lr = 1e-2, WeightDecay = 0.1, Amsgrad = true }),
        AdamW("AdamW maximize weight_decay=0.01", AdamOptions.AdamW() with { WeightDecay = 0.01, Maximize = true }),
    }.ToDictionary(c => c.Name);

    /// <summary>The case names, for xunit's MemberData (a name serialises; a delegate does not).</summary>
    public static TheoryData<string> Names => new(All.Keys);

    /// <summary>Our <see cref="Adam{T}"/> against <c>torch.optim.Adam</c> (L2 weight decay only).</summary>
    public static ParityCase Adam(string name, AdamOptions options) =>
        ParityCase.Of(name, typeof(Adam<>), options, TorchAdam, ParityTolerance.AdamUlpsPerStep);

    /// <summary>Our <see cref="AdamW{T}"/> against <c>torch.optim.AdamW</c> (decoupled weight decay).</summary>
    public static ParityCase AdamW(string name, AdamOptions options) =>
        ParityCase.Of(name, typeof(AdamW<>), options, TorchAdamW, ParityTolerance.AdamUlpsPerStep);

    /// <summary>torch.optim.Adam with every argument taken from our options.</summary>
    public static torch.optim.Optimizer TorchAdam(IEnumerable<TorchParameter> parameters, AdamOptions o)
    {
        if (o.DecoupledWeightDecay) throw new ArgumentException("TorchSharp's Adam has only L2 weight decay; use AdamW for decoupled decay.", nameof(o));
        return torch.optim.Adam(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize);
    }

    /// <summary>torch.optim.AdamW with every argument taken from our options (TorchSharp's weight_decay default is 0, torch's 0.01).</summary>
    public static torch.optim.Optimizer TorchAdamW(IEnumerable<TorchParameter> parameters, AdamOptions o)
    {
        if (!o.DecoupledWeightDecay) throw new ArgumentException("TorchSharp's AdamW always decouples weight decay; set DecoupledWeightDecay.", nameof(o));
        return torch.optim.AdamW(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize);
    }
}
