using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>
/// The saved text of the schedules whose settings are declared in a record: torch's keys, their order and the number
/// form are a file format, so the text is pinned whole (it was taken from the schedules' hand-written form).
/// </summary>
public class ScheduleStateTextTests
{
    public static TheoryData<string> Names => ["StepLR", "CosineAnnealingLR", "PolynomialLR", "ConstantLR", "LinearLR", "ExponentialLR"];

    private static LearningRateSchedule Build(string name)
    {
        var adam = Adam(0.1, 0.03);
        return name switch
        {
            "StepLR" => new StepLR(adam, 3, gamma: 0.5),
            "CosineAnnealingLR" => new CosineAnnealingLR(adam, 7, etaMin: 1e-5),
            "PolynomialLR" => new PolynomialLR(adam, totalIters: 6, power: 2.5),
            "ConstantLR" => new ConstantLR(adam, factor: 1.0 / 3, totalIters: 4),
            "LinearLR" => new LinearLR(adam, startFactor: 0.25, endFactor: 0.9, totalIters: 8),
            "ExponentialLR" => new ExponentialLR(adam, 0.95),
            _ => throw new ArgumentException(name),
        };
    }

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["StepLR"] = """{"format":"OptimizerLab.ScheduleState","version":1,"schedule":"StepLR","groups":2,"last_epoch":4,"base_lrs":[0.1,0.03],"last_lr":[0.05,0.015],"step_size":3,"gamma":0.5}""",
        ["CosineAnnealingLR"] = """{"format":"OptimizerLab.ScheduleState","version":1,"schedule":"CosineAnnealingLR","groups":2,"last_epoch":4,"base_lrs":[0.1,0.03],"last_lr":[0.038880065906854076,0.011668298595325068],"T_max":7,"eta_min":1E-05}""",
        ["PolynomialLR"] = """{"format":"OptimizerLab.ScheduleState","version":1,"schedule":"PolynomialLR","groups":2,"last_epoch":4,"base_lrs":[0.1,0.03],"last_lr":[0.006415002990995842,0.0019245008972987527],"total_iters":6,"power":2.5}""",
        ["ConstantLR"] = """{"format":"OptimizerLab.ScheduleState","version":1,"schedule":"ConstantLR","groups":2,"last_epoch":4,"base_lrs":[0.1,0.03],"last_lr":[0.1,0.029999999999999995],"factor":0.3333333333333333,"total_iters":4}""",
        ["LinearLR"] = """{"format":"OptimizerLab.ScheduleState","version":1,"schedule":"LinearLR","groups":2,"last_epoch":4,"base_lrs":[0.1,0.03],"last_lr":[0.0575,0.017249999999999998],"start_factor":0.25,"end_factor":0.9,"total_iters":8}""",
        ["ExponentialLR"] = """{"format":"OptimizerLab.ScheduleState","version":1,"schedule":"ExponentialLR","groups":2,"last_epoch":4,"base_lrs":[0.1,0.03],"last_lr":[0.08145062499999998,0.024435187499999993],"gamma":0.95}""",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void The_saved_text_keeps_torch_keys_order_and_number_form(string name)
    {
        var schedule = Build(name);
        for (int i = 0; i < 4; i++) schedule.Step();
        string text = schedule.SaveState().ToJsonString();
        text.Should().Be(Expected[name]);
    }
}
