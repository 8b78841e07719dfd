using OptimizerLab.Averaging;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>AveragedModel's SWA and EMA on numbers worked by hand, and its checks.</summary>
public class AveragedModelTests
{
    [Fact]
    public void Swa_is_the_running_mean_of_the_models_it_was_given()
    {
        var model = new Parameter<double>([1.0, -2.0], "w");
        var swa = new AveragedModel<double>([model]);
        foreach (double[] values in new[] { new[] { 1.0, -2.0 }, new[] { 3.0, 0.0 }, new[] { 8.0, 2.0 } })
        {
            values.CopyTo(model.Value, 0);
            swa.UpdateParameters([model]);
        }

        // (1 + 3 + 8)/3 = 4 and (-2 + 0 + 2)/3 = 0, exact in binary at each running step.
        swa.Parameters[0].Value.Should().Equal(4.0, 0.0);
        swa.NAveraged.Should().Be(3);
        model.Value.Should().Equal([8.0, 2.0], "averaging leaves the model alone");
    }

    [Fact]
    public void Ema_copies_first_then_decays_towards_the_model()
    {
        var model = new Parameter<double>([2.0], "w");
        var ema = AveragedModel<double>.Ema([model], decay: 0.75);
        ema.UpdateParameters([model]);
        ema.Parameters[0].Value[0].Should().Be(2.0, "the first update copies");
        model.Value[0] = 6.0;
        ema.UpdateParameters([model]);
        ema.Parameters[0].Value[0].Should().Be(0.75 * 2.0 + 0.25 * 6.0);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_decay_outside_0_1_is_refused_with_torchs_message(double decay)
    {
        var act = () => AveragedModel<float>.Ema([new Parameter<float>(2)], decay);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Invalid decay value * provided. Please provide a value in [0,1] range.*");
    }

    [Fact]
    public void A_model_of_another_shape_is_refused_and_nothing_changes()
    {
        var swa = new AveragedModel<double>([new Parameter<double>([1.0, 2.0])]);
        var act = () => swa.UpdateParameters([new Parameter<double>([1.0, 2.0, 3.0], "big")]);
        act.Should().Throw<ArgumentException>().WithMessage("Parameter 0 ('big') has 3 elements; its average has 2.*");
        var count = () => swa.UpdateParameters([]);
        count.Should().Throw<ArgumentException>().WithMessage("The model has 0 parameters; this average has 1.*");
        swa.NAveraged.Should().Be(0);
    }
}
