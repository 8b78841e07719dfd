using OptimizerLab.Optimizers;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// The table of optimizer configurations compared with TorchSharp. Adding an optimizer is one line per configuration:
/// a name, our open generic type, our options, and TorchSharp's constructor fed from those options.
/// Every TorchSharp argument is passed explicitly: some of its defaults differ from PyTorch's (AdamW weight_decay 0
/// instead of 0.01, RAdam lr 0.002 instead of 0.001, SGD lr required).
/// </summary>
public static class OptimizerParityCases
{
    /// <summary>Every case, by name.</summary>
    public static readonly IReadOnlyDictionary<string, ParityCase> All = new ParityCase[]
    {
        ParityCase.Of("Adam", typeof(Adam<>), new AdamOptions(), TorchAdam),
        ParityCase.Of("Adam lr=1e-2 amsgrad", typeof(Adam<>), new AdamOptions { Lr = 1e-2, Amsgrad = true }, TorchAdam),
        ParityCase.Of("Adam weight_decay=0.1 (L2)", typeof(Adam<>), new AdamOptions { WeightDecay = 0.1 }, TorchAdam),
        ParityCase.Of("Adam maximize betas=(0.8,0.99) eps=1e-6", typeof(Adam<>), new AdamOptions { Maximize = true, Beta1 = 0.8, Beta2 = 0.99, Eps = 1e-6 }, TorchAdam),
        ParityCase.Of("AdamW weight_decay=0.01", typeof(AdamW<>), AdamOptions.AdamW() with { WeightDecay = 0.01 }, TorchAdamW),
        ParityCase.Of("AdamW lr=1e-2 weight_decay=0.1 amsgrad", typeof(AdamW<>), AdamOptions.AdamW() with { Lr = 1e-2, WeightDecay = 0.1, Amsgrad = true }, TorchAdamW),
        ParityCase.Of("AdamW maximize weight_decay=0.01", typeof(AdamW<>), AdamOptions.AdamW() with { WeightDecay = 0.01, Maximize = true }, TorchAdamW),
    }.ToDictionary(c => c.Name);

    /// <summary>The case names, for xunit's MemberData (a name serialises; a delegate does not).</summary>
    public static TheoryData<string> Names => new(All.Keys);

    private static torch.optim.Optimizer TorchAdam(IEnumerable<TorchParameter> parameters, AdamOptions o)
    {
        if (o.DecoupledWeightDecay) throw new ArgumentException("TorchSharp's Adam has only L2 weight decay; use AdamW for decoupled decay.", nameof(o));
        return torch.optim.Adam(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize);
    }

    private static torch.optim.Optimizer TorchAdamW(IEnumerable<TorchParameter> parameters, AdamOptions o)
    {
        if (!o.DecoupledWeightDecay) throw new ArgumentException("TorchSharp's AdamW always decouples weight decay; set DecoupledWeightDecay.", nameof(o));
        return torch.optim.AdamW(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize);
    }
}
