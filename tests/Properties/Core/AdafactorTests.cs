using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// Adafactor against steps computed by hand from torch's documented algorithm (<c>torch.optim.Adafactor</c>, PyTorch
/// 2.5+; neither PyTorch 1.13 nor TorchSharp has it, so these are its parity reference). Numbers are chosen so that
/// most steps are exact in double; where a square root is irrational the expected value is written as the hand
/// formula and compared within a few ulps.
/// </summary>
public class AdafactorTests
{
    private static Adafactor<double> Create(Parameter<double> p, AdafactorOptions options) => new([p], options);

    private static void Step(Adafactor<double> optimizer, Parameter<double> p, params double[] gradient)
    {
        gradient.CopyTo(p.Grad, 0);
        optimizer.Step();
    }

    [Fact]
    public void A_matrix_is_factored_into_row_and_column_means_and_divided_by_the_mean_row()
    {
        // θ0 has RMS 1, so α = max(1e-3, 1)·min(0.25, 1/√1) = 0.25; at t = 1 the lerp weight 1^-0.8 = 1 takes the means.
        // G = [[3, 4], [0, 0]]: R = [(9 + 16)/2, 0] = [12.5, 0], C = [9/2, 16/2] = [4.5, 8], mean(R) = 6.25.
        // V̂ = R·Cᵀ/6.25 = [[9, 16], [0, 0]]; the zero row is floored at ε1² (ε1 = 2^-52), so U = [[1, 1], [0, 0]].
        // RMS(U) = √(2/4) < d = 1: no clipping. θ1 = θ0 − 0.25·U.
        var p = new Parameter<double>([1, -1, 1, -1], "w") { Shape = [2, 2] };
        var optimizer = Create(p, new AdafactorOptions { Lr = 0.25 });
        Step(optimizer, p, 3, 4, 0, 0);

        p.Value.Should().Equal(0.75, -1.25, 1, -1);
        var state = optimizer.StateOf(p)!;
        state.RowVar.Should().Equal(12.5, 0);
        state.ColVar.Should().Equal(4.5, 8);
        state.Variance.Should().BeEmpty();
        state.Buffers.Select(b => b.Name).Should().Equal("row_var", "col_var");
    }

    [Fact]
    public void The_same_values_as_a_vector_keep_the_full_second_moment()
    {
        // Unfactored: V̂ = G² = [9, 16, 0, 0], U = G/|G| = [1, 1, 0, 0] (0/ε1 for the zeros): here the same step.
        var p = new Parameter<double>([1, -1, 1, -1], "w");
        var optimizer = Create(p, new AdafactorOptions { Lr = 0.25 });
        Step(optimizer, p, 3, 4, 0, 0);

        p.Value.Should().Equal(0.75, -1.25, 1, -1);
        optimizer.StateOf(p)!.Variance.Should().Equal(9, 16, 0, 0);
        optimizer.StateOf(p)!.Buffers.Select(b => b.Name).Should().Equal("variance");
    }

    [Fact]
    public void Factoring_differs_from_the_full_moment_where_the_matrix_is_not_rank_one()
    {
        // G = [[2, 0], [0, 2]]: R = C = [2, 2], mean(R) = 2, V̂ = 2 everywhere, so U = G/√2 where the full moment gives
        // U = sign(G). RMS(U) = √(2·2/4) = 1 = d: no clipping. α = 0.25 (RMS(θ0) = 1).
        var p = new Parameter<double>([1, -1, 1, -1], "w") { Shape = [2, 2] };
        Step(Create(p, new AdafactorOptions { Lr = 0.25 }), p, 2, 0, 0, 2);

        double u = 2 / Math.Sqrt(2);
        p.Value.Should().Equal(1 - 0.25 * u, -1, 1, -1 - 0.25 * u);
    }

    [Fact]
    public void A_second_step_decays_the_moment_by_t_to_the_tau_and_clips_an_update_above_rms_d()
    {
        // eps2 = 4 above RMS(θ) keeps α = 4·min(0.25, 1/√t) = 1 for both steps; beta2_decay = -1 makes the weight 1/t.
        // t = 1: G = 1 → V = 1, U = 1, RMS(U) = 1 → θ1 = -1.
        // t = 2: G = [7, 1, 1, 1], weight 1/2: V = [49 - 48·0.5, 1, 1, 1] = [25, 1, 1, 1] (torch's lerp for weight ≥ 0.5),
        //        U = [7/5, 1, 1, 1], RMS(U) = √(1.24) > 1, so θ2 = θ1 − U/√1.24.
        var p = new Parameter<double>(new double[4], "w");
        var optimizer = Create(p, new AdafactorOptions { Lr = 0.25, Beta2Decay = -1, Eps2 = 4 });
        Step(optimizer, p, 1, 1, 1, 1);
        p.Value.Should().Equal(-1, -1, -1, -1);

        Step(optimizer, p, 7, 1, 1, 1);
        optimizer.StateOf(p)!.Variance.Should().Equal(25, 1, 1, 1);
        double rms = Math.Sqrt(1.24);
        double[] expected = [-1 - 1.4 / rms, -1 - 1 / rms, -1 - 1 / rms, -1 - 1 / rms];
        for (int i = 0; i < 4; i++) p.Value[i].Should().BeApproximately(expected[i], 4e-16 * 4, $"θ2[{i}]: a few roundings of values near 2");
    }

    [Fact]
    public void The_relative_step_scales_with_the_parameters_rms_and_lr_caps_rho()
    {
        // RMS(θ0) = 3 > eps2: α = 3·min(0.5, 1) = 1.5; U = sign(G). θ1 = θ0 − 1.5·sign(G).
        var p = new Parameter<double>([3, -3, 3, -3], "w");
        Step(Create(p, new AdafactorOptions { Lr = 0.5 }), p, 1, -2, 4, -8);
        p.Value.Should().Equal(1.5, -1.5, 1.5, -1.5);
    }

    [Fact]
    public void Weight_decay_is_decoupled_after_alpha_and_maximize_flips_the_gradient()
    {
        // α from θ0 (RMS 1): 0.25. Decay θ·(1 − 0.25·0.5) = 0.875·θ, then θ − 0.25·sign(−G).
        var p = new Parameter<double>([1, -1, 1, -1], "w");
        Step(Create(p, new AdafactorOptions { Lr = 0.25, WeightDecay = 0.5, Maximize = true }), p, 1, 1, -1, -1);
        p.Value.Should().Equal(0.875 + 0.25, -0.875 + 0.25, 0.875 - 0.25, -0.875 - 0.25);
    }

    [Fact]
    public void Eps1_floors_the_square_root_of_the_variance_estimate()
    {
        // eps1 = 0.5: G = 0.25 has V̂ = 1/16 below 0.25 = ε1², so U = 0.25/0.5 = 0.5; G = 2 gives U = 1. α = 0.25.
        var p = new Parameter<double>([1, -1], "w");
        Step(Create(p, new AdafactorOptions { Lr = 0.25, Eps1 = 0.5 }), p, 0.25, 2);
        p.Value.Should().Equal(1 - 0.125, -1.25);
    }

    [Fact]
    public void A_parameter_of_three_dimensions_is_factored_per_leading_index()
    {
        // Shape (2, 2, 2): two 2×2 blocks with their own row and column factors. With α fixed (eps2 above RMS(θ)) and no
        // clipping, the step equals that of each block alone; the blocks here are the two matrices stepped above.
        var p = new Parameter<double>([1, -1, 1, -1, 1, -1, 1, -1], "w") { Shape = [2, 2, 2] };
        var optimizer = Create(p, new AdafactorOptions { Lr = 0.25, Eps2 = 1 });
        Step(optimizer, p, 3, 4, 0, 0, 2, 0, 0, 2);

        double u = 2 / Math.Sqrt(2);
        p.Value.Should().Equal(0.75, -1.25, 1, -1, 1 - 0.25 * u, -1, 1, -1 - 0.25 * u);
        optimizer.StateOf(p)!.RowVar.Should().Equal(12.5, 0, 2, 2);
        optimizer.StateOf(p)!.ColVar.Should().Equal(4.5, 8, 2, 2);
    }

    [Fact]
    public void Eps_parses_and_prints_torchs_None()
    {
        var options = (AdafactorOptions)OptimizerCatalog.Options("adafactor", [KeyValuePair.Create("eps", "None,0.01"), KeyValuePair.Create("beta2_decay", "-0.5")]);
        options.Eps1.Should().BeNull();
        options.Eps2.Should().Be(0.01);
        options.Beta2Decay.Should().Be(-0.5);
        OptimizerCatalog.Describe(new AdafactorOptions()).Select(kv => $"{kv.Key}={kv.Value}").Should()
            .Equal("lr=0.01", "beta2_decay=-0.8", "eps1=None", "eps2=0.001", "d=1", "weight_decay=0", "maximize=false");
    }

    [Theory]
    [InlineData("lr", "-1", "Learning rate should be >= 0 but is: -1.0")]
    [InlineData("beta2_decay", "0.5", "beta2_decay should be <= 0 but is: 0.5")]
    [InlineData("eps", "-1,0.001", "epsilon1 should be >= 0 but is: -1.0")]
    [InlineData("eps", "None,-0.001", "epsilon2 should be >= 0 but is: -0.001")]
    [InlineData("d", "0.5", "Clipping threshold d should be >= 1 but is: 0.5")]
    [InlineData("weight_decay", "-0.1", "weight_decay should be >= 0 but is: -0.1")]
    public void Invalid_options_are_refused_with_torchs_messages(string key, string value, string message)
    {
        var parse = () => OptimizerCatalog.Options("adafactor", [KeyValuePair.Create(key, value)]);
        parse.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void State_saved_after_two_steps_resumes_to_the_same_bits()
    {
        float[] start = [0.5f, -0.25f, 1.5f, 0.75f, -1, 2];
        float[][] gradients = [[0.1f, -0.2f, 0.3f, 0.05f, 0, -0.4f], [0.2f, 0.1f, -0.3f, 0.25f, 0.5f, 0.1f], [-0.3f, 0.2f, 0.1f, 0, 0.4f, -0.2f]];
        var straight = new Parameter<float>(start, "w") { Shape = [2, 3] };
        var a = new Adafactor<float>([straight]);
        var resumed = new Parameter<float>(start, "w") { Shape = [2, 3] };
        var b = new Adafactor<float>([resumed]);
        for (int t = 0; t < 2; t++)
        {
            gradients[t].CopyTo(straight.Grad, 0);
            a.Step();
            gradients[t].CopyTo(resumed.Grad, 0);
            b.Step();
        }

        var saved = b.SaveState();
        saved.ToJsonString().Should().Contain("\"row_var\"").And.Contain("\"col_var\"");
        var reloaded = new Parameter<float>(resumed.Value, "w") { Shape = [2, 3] };
        var c = new Adafactor<float>([reloaded]);
        c.LoadState(saved);
        gradients[2].CopyTo(straight.Grad, 0);
        a.Step();
        gradients[2].CopyTo(reloaded.Grad, 0);
        c.Step();
        reloaded.Value.Should().Equal(straight.Value);
    }
}
