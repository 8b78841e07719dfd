using OptimizerLab.Optimizers;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// The table of optimizer configurations compared with TorchSharp. Adding a configuration is one line in
/// <see cref="All"/>; adding an optimizer also needs its pair helper like <see cref="Adam"/> (our open generic type,
/// TorchSharp's constructor fed from our options, and the tolerance allowance from <see cref="ParityTolerance"/>).
/// Every TorchSharp argument is passed explicitly: some of its defaults differ from PyTorch's (AdamW weight_decay 0
/// instead of 0.01, RAdam lr 0.002 instead of 0.001, SGD lr required, RMSProp's class constructor lr 0.001 instead of 0.01).
/// </summary>
/// <remarks>
/// Options that TorchSharp 0.107.0 does not have are refused by the pair helpers rather than silently dropped:
/// maximize for Adagrad, Adamax, NAdam, RAdam and Rprop; decoupled weight decay for NAdam and RAdam. SGD's maximize is covered
/// only without weight decay, where TorchSharp computes PyTorch's update (see <c>TorchSharpDepartureTests</c>).
/// </remarks>
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

        Sgd("SGD lr=1e-3", new SgdOptions()),
        Sgd("SGD momentum=0.9 dampening=0.1 weight_decay=0.1", new SgdOptions { Momentum = 0.9, Dampening = 0.1, WeightDecay = 0.1 }),
        Sgd("SGD momentum=0.9 nesterov", new SgdOptions { Momentum = 0.9, Nesterov = true }),
        // Gradient ascent on a quadratic grows θ by (1 + lr·λ_max) per step: lr = 1e-5 keeps that below e^2 over 1000 steps.
        Sgd("SGD lr=1e-5 momentum=0.5 maximize", new SgdOptions { Lr = 1e-5, Momentum = 0.5, Maximize = true }),

        RmsProp("RMSprop", new RmsPropOptions()),
        RmsProp("RMSprop lr=1e-3 alpha=0.9 centered momentum=0.9", new RmsPropOptions { Lr = 1e-3, Alpha = 0.9, Centered = true, Momentum = 0.9 }),
        RmsProp("RMSprop alpha=0.9 weight_decay=0.1 maximize", new RmsPropOptions { Alpha = 0.9, WeightDecay = 0.1, Maximize = true }),

        Adagrad("Adagrad", new AdagradOptions()),
        Adagrad("Adagrad lr_decay=1e-2 weight_decay=0.1 initial_accumulator_value=0.5 eps=1e-6",
            new AdagradOptions { LrDecay = 1e-2, WeightDecay = 0.1, InitialAccumulatorValue = 0.5, Eps = 1e-6 }),

        Adadelta("Adadelta", new AdadeltaOptions()),
        Adadelta("Adadelta lr=0.5 rho=0.5 eps=1e-4 weight_decay=0.1 maximize",
            new AdadeltaOptions { Lr = 0.5, Rho = 0.5, Eps = 1e-4, WeightDecay = 0.1, Maximize = true }),

        Adamax("Adamax", new AdamaxOptions()),
        Adamax("Adamax lr=1e-2 betas=(0.8,0.99) weight_decay=0.1", new AdamaxOptions { Lr = 1e-2, Beta1 = 0.8, Beta2 = 0.99, WeightDecay = 0.1 }),

        NAdam("NAdam", new NAdamOptions()),
        NAdam("NAdam weight_decay=0.1 momentum_decay=1e-2", new NAdamOptions { WeightDecay = 0.1, MomentumDecay = 1e-2 }),

        Rprop("Rprop", new RpropOptions()),
        Rprop("Rprop lr=0.05 etas=(0.3,1.5) step_sizes=(1e-4,0.2)", new RpropOptions { Lr = 0.05, Etaminus = 0.3, Etaplus = 1.5, StepSizeMin = 1e-4, StepSizeMax = 0.2 }),

        Asgd("ASGD lr=1e-3", new AsgdOptions { Lr = 1e-3 }),
        Asgd("ASGD lr=1e-3 lambd=1e-2 alpha=0.5 t0=100 weight_decay=0.1", new AsgdOptions { Lr = 1e-3, Lambd = 1e-2, Alpha = 0.5, T0 = 100, WeightDecay = 0.1 }),
        Asgd("ASGD lr=1e-5 maximize", new AsgdOptions { Lr = 1e-5, Maximize = true }),

        RAdam("RAdam lr=1", new RAdamOptions { Lr = 1.0 }),
        RAdam("RAdam lr=1 betas=(0.8,0.99) weight_decay=0.1", new RAdamOptions { Lr = 1.0, Beta1 = 0.8, Beta2 = 0.99, WeightDecay = 0.1 }),
    }.ToDictionary(c => c.Name);

    /// <summary>The case names, for xunit's MemberData (a name serialises; a delegate does not).</summary>
    public static TheoryData<string> Names => new(All.Keys);

    /// <summary>Our <see cref="Adam{T}"/> against <c>torch.optim.Adam</c> (L2 weight decay only).</summary>
    public static ParityCase Adam(string name, AdamOptions options) =>
        ParityCase.Of(name, typeof(Adam<>), options, TorchAdam, ParityTolerance.AdamUlpsPerStep);

    /// <summary>Our <see cref="AdamW{T}"/> against <c>torch.optim.AdamW</c> (decoupled weight decay).</summary>
    public static ParityCase AdamW(string name, AdamOptions options) =>
        ParityCase.Of(name, typeof(AdamW<>), options, TorchAdamW, ParityTolerance.AdamUlpsPerStep);

    /// <summary>Our <see cref="Sgd{T}"/> against <c>torch.optim.SGD</c>.</summary>
    public static ParityCase Sgd(string name, SgdOptions options) =>
        ParityCase.Of(name, typeof(Sgd<>), options, TorchSgd, _ => ParityTolerance.RoundingUlpsPerStep, (o, s, _) => ParityTolerance.SgdUpdateUlps(o, s));

    /// <summary>Our <see cref="RmsProp{T}"/> against <c>torch.optim.RMSProp</c>.</summary>
    public static ParityCase RmsProp(string name, RmsPropOptions options) =>
        ParityCase.Of(name, typeof(RmsProp<>), options, TorchRmsProp, _ => ParityTolerance.RoundingUlpsPerStep, (o, s, _) => ParityTolerance.RmsPropUpdateUlps(o, s));

    /// <summary>Our <see cref="Adagrad{T}"/> against <c>torch.optim.Adagrad</c>.</summary>
    public static ParityCase Adagrad(string name, AdagradOptions options) =>
        ParityCase.Of(name, typeof(Adagrad<>), options, TorchAdagrad, _ => ParityTolerance.RoundingUlpsPerStep, (o, s, _) => ParityTolerance.AdagradUpdateUlps(o, s));

    /// <summary>Our <see cref="Adadelta{T}"/> against <c>torch.optim.Adadelta</c>.</summary>
    public static ParityCase Adadelta(string name, AdadeltaOptions options) =>
        ParityCase.Of(name, typeof(Adadelta<>), options, TorchAdadelta, _ => ParityTolerance.RoundingUlpsPerStep, (o, s, _) => ParityTolerance.AdadeltaUpdateUlps(o, s));

    /// <summary>Our <see cref="Adamax{T}"/> against <c>torch.optim.Adamax</c>.</summary>
    public static ParityCase Adamax(string name, AdamaxOptions options) =>
        ParityCase.Of(name, typeof(Adamax<>), options, TorchAdamax, ParityTolerance.AdamaxUlpsPerStep, (o, s, _) => ParityTolerance.AdamaxUpdateUlps(o, s));

    /// <summary>Our <see cref="NAdam{T}"/> against <c>torch.optim.NAdam</c>.</summary>
    public static ParityCase NAdam(string name, NAdamOptions options) =>
        ParityCase.Of(name, typeof(NAdam<>), options, TorchNAdam, ParityTolerance.NAdamUlpsPerStep, (o, s, _) => ParityTolerance.NAdamUpdateUlps(o, s));

    /// <summary>
    /// Our <see cref="RAdam{T}"/> against <c>torch.optim.RAdam</c>, at lr = 1 only: TorchSharp multiplies the rectified
    /// update by lr twice, which is PyTorch's update only where lr·lr = lr. At lr = 1 the first (unrectified) steps move θ
    /// by the whole bias-corrected momentum, so these cases train on the loss scaled by 1e-3 (gradients ~0.05 instead of ~50).
    /// </summary>
    public static ParityCase RAdam(string name, RAdamOptions options)
    {
        if (options.Lr != 1.0)
            throw new ArgumentException("TorchSharp's RAdam applies lr twice once rectified; it is PyTorch's RAdam only at lr = 1.", nameof(options));
        return ParityCase.Of(name, typeof(RAdam<>), options, TorchRAdam, ParityTolerance.RAdamUlpsPerStep, ParityTolerance.RAdamUpdateUlps) with { LossScale = 1e-3 };
    }

    /// <summary>Our <see cref="Rprop{T}"/> against <c>torch.optim.Rprop</c>, bit for bit (<see cref="ParityTolerance.RpropUlpsPerStep"/>).</summary>
    public static ParityCase Rprop(string name, RpropOptions options) =>
        ParityCase.Of(name, typeof(Rprop<>), options, TorchRprop, ParityTolerance.RpropUlpsPerStep);

    /// <summary>torch.optim.Rprop (TorchSharp has no maximize).</summary>
    public static torch.optim.Optimizer TorchRprop(IEnumerable<TorchParameter> parameters, RpropOptions o)
    {
        if (o.Maximize) throw new ArgumentException("TorchSharp's Rprop has no maximize.", nameof(o));
        return torch.optim.Rprop(parameters, o.Lr, o.Etaminus, o.Etaplus, o.StepSizeMin, o.StepSizeMax);
    }

    /// <summary>Our <see cref="Asgd{T}"/> against <c>torch.optim.ASGD</c> (TorchSharp keeps η in double; see <see cref="ParityTolerance.AsgdScalarUlpsPerStep"/>).</summary>
    public static ParityCase Asgd(string name, AsgdOptions options) =>
        ParityCase.Of(name, typeof(Asgd<>), options, TorchAsgd, _ => ParityTolerance.RoundingUlpsPerStep, ParityTolerance.AsgdUpdateUlps)
            with { UlpsPerStepAt = epsilon => ParityTolerance.AsgdScalarUlpsPerStep(options, epsilon) };

    /// <summary>torch.optim.ASGD with every argument taken from our options (TorchSharp's factory defaults lr to 1e-3, PyTorch to 1e-2).</summary>
    public static torch.optim.Optimizer TorchAsgd(IEnumerable<TorchParameter> parameters, AsgdOptions o) =>
        torch.optim.ASGD(parameters, o.Lr, o.Lambd, o.Alpha, o.T0, o.WeightDecay, o.Maximize);

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

    /// <summary>torch.optim.SGD (TorchSharp requires the lr; PyTorch's default is 1e-3).</summary>
    public static torch.optim.Optimizer TorchSgd(IEnumerable<TorchParameter> parameters, SgdOptions o)
    {
        if (o.Maximize && o.WeightDecay != 0)
            throw new ArgumentException("TorchSharp's SGD adds weight decay before it negates for maximize; PyTorch negates first.", nameof(o));
        return torch.optim.SGD(parameters, o.Lr, o.Momentum, o.Dampening, o.WeightDecay, o.Nesterov, o.Maximize);
    }

    /// <summary>torch.optim.RMSProp with every argument taken from our options.</summary>
    public static torch.optim.Optimizer TorchRmsProp(IEnumerable<TorchParameter> parameters, RmsPropOptions o) =>
        torch.optim.RMSProp(parameters, o.Lr, o.Alpha, o.Eps, o.WeightDecay, o.Momentum, o.Centered, o.Maximize);

    /// <summary>torch.optim.Adagrad (TorchSharp has no maximize).</summary>
    public static torch.optim.Optimizer TorchAdagrad(IEnumerable<TorchParameter> parameters, AdagradOptions o)
    {
        if (o.Maximize) throw new ArgumentException("TorchSharp's Adagrad has no maximize.", nameof(o));
        return torch.optim.Adagrad(parameters, o.Lr, o.LrDecay, o.WeightDecay, o.InitialAccumulatorValue, o.Eps);
    }

    /// <summary>torch.optim.Adadelta with every argument taken from our options.</summary>
    public static torch.optim.Optimizer TorchAdadelta(IEnumerable<TorchParameter> parameters, AdadeltaOptions o) =>
        torch.optim.Adadelta(parameters, o.Lr, o.Rho, o.Eps, o.WeightDecay, o.Maximize);

    /// <summary>torch.optim.Adamax (TorchSharp has no maximize).</summary>
    public static torch.optim.Optimizer TorchAdamax(IEnumerable<TorchParameter> parameters, AdamaxOptions o)
    {
        if (o.Maximize) throw new ArgumentException("TorchSharp's Adamax has no maximize.", nameof(o));
        return torch.optim.Adamax(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
    }

    /// <summary>torch.optim.NAdam (TorchSharp has neither maximize nor decoupled weight decay).</summary>
    public static torch.optim.Optimizer TorchNAdam(IEnumerable<TorchParameter> parameters, NAdamOptions o)
    {
        if (o.Maximize || o.DecoupledWeightDecay)
            throw new ArgumentException("TorchSharp's NAdam has neither maximize nor decoupled weight decay.", nameof(o));
        return torch.optim.NAdam(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.MomentumDecay);
    }

    /// <summary>torch.optim.RAdam (TorchSharp has neither maximize nor decoupled weight decay; its lr default is 0.002, PyTorch's 0.001).</summary>
    public static torch.optim.Optimizer TorchRAdam(IEnumerable<TorchParameter> parameters, RAdamOptions o)
    {
        if (o.Maximize || o.DecoupledWeightDecay)
            throw new ArgumentException("TorchSharp's RAdam has neither maximize nor decoupled weight decay.", nameof(o));
        return torch.optim.RAdam(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
    }
}
