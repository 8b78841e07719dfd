using System.Numerics;
using OptimizerLab.Averaging;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Regression.Fixtures;

/// <summary>
/// <see cref="AveragedModel{T}"/> against PyTorch 1.13's <c>swa_utils.AveragedModel</c>: the fixture records the
/// parameters after each of 30 SGD steps and torch's average after each <c>update_parameters</c>; fed the same
/// parameters, our average must be bit-identical (SWA: avg + (p − avg)/(n + 1); EMA: 0.9·avg + (1 − 0.9)·p, both
/// element by element in the parameters' type, as torch's CPU path).
/// </summary>
public class AveragedModelFixtureTests
{
    [Theory]
    [InlineData("AveragedModel.swa.f64")]
    [InlineData("AveragedModel.ema0.9.f64")]
    public void Averages_match_PyTorch_in_double(string name) => Compare<double>(name);

    [Theory]
    [InlineData("AveragedModel.swa.f32")]
    [InlineData("AveragedModel.ema0.9.f32")]
    public void Averages_match_PyTorch_in_float(string name) => Compare<float>(name);

    private static void Compare<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = PyTorchFixtures.Case("averaging", name);
        PyTorchFixtures.AgreesWith2x(fixture).Should().BeTrue();
        var arrays = fixture["arrays"]!;
        var parameters = PyTorchFixtures.Read<T>($"{name}/{(string)arrays["params"]!}");
        var averages = PyTorchFixtures.Read<T>($"{name}/{(string)arrays["averages"]!}");

        var model = new Parameter<T>(parameters.Columns, "x");
        var averaged = name.Contains(".ema", StringComparison.Ordinal) ? AveragedModel<T>.Ema([model], decay: 0.9) : new AveragedModel<T>([model]);
        for (int t = 0; t < parameters.Rows; t++)
        {
            parameters.Data.AsSpan(t * parameters.Columns, parameters.Columns).CopyTo(model.Value);
            averaged.UpdateParameters([model]);
            averaged.NAveraged.Should().Be(t + 1);
            averaged.Parameters[0].Value.Should().Equal(averages.Data.AsSpan(t * averages.Columns, averages.Columns).ToArray(), $"{name}: the average after update {t + 1}");
        }

        averages.Data.AsSpan(0, averages.Columns).ToArray().Should().NotEqual(averages.Data.AsSpan((averages.Rows - 1) * averages.Columns).ToArray(), "the average must move");
    }
}
