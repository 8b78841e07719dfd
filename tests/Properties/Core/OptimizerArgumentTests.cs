using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// Parameters, parameter groups and optimizers refuse missing or empty arguments with an exception that names the
/// argument, at construction rather than at the first step; torch's message where torch has one.
/// </summary>
public class OptimizerArgumentTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_parameter_needs_a_name_for_errors_and_saved_state(string? name)
    {
        var build = () => new Parameter<float>([1f], name!);
        build.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("name");
    }

    [Fact]
    public void A_parameter_cannot_have_a_negative_length()
    {
        var fromLength = () => new Parameter<double>(-1, "bias");
        fromLength.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Parameter 'bias' cannot have a negative length.*")
            .Which.ParamName.Should().Be("length");
    }

    [Fact]
    public void A_group_needs_parameters_and_options()
    {
        var noParameters = () => new ParamGroup<float, AdamOptions>(null!, new AdamOptions());
        noParameters.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("parameters");

        var noOptions = () => new ParamGroup<float, AdamOptions>([new Parameter<float>(1)], null!);
        noOptions.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("options");
    }

    [Fact]
    public void A_group_needs_at_least_one_parameter()
    {
        var build = () => new ParamGroup<float, SgdOptions>([], new SgdOptions());
        build.Should().Throw<ArgumentException>().WithMessage("A parameter group must hold at least one parameter.*")
            .Which.ParamName.Should().Be("parameters");
    }

    [Fact]
    public void A_group_validates_its_options_when_it_is_built_not_only_when_an_optimizer_takes_it()
    {
        var build = () => new ParamGroup<double, AdamOptions>([new Parameter<double>(1)], new AdamOptions { Lr = -1 });
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith("Invalid learning rate: -1.0");
    }

    [Fact]
    public void An_optimizer_validates_options_changed_after_their_group_was_built()
    {
        // Options are mutable (schedules change them), so a group's options may have gone bad before the optimizer takes it.
        var group = new ParamGroup<double, AdamOptions>([new Parameter<double>(1)], new AdamOptions());
        group.Options.Beta2 = 1.0;
        var build = () => new Adam<double>([group]);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith("Invalid beta parameter at index 1: 1.0");
    }

    [Fact]
    public void An_optimizer_needs_its_groups()
    {
        var build = () => new Adam<float>((IEnumerable<ParamGroup<float, AdamOptions>>)null!);
        build.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("groups");

        var fromParameters = () => new Sgd<float>((IEnumerable<Parameter<float>>)null!);
        fromParameters.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("parameters");
    }

    [Fact]
    public void An_empty_group_list_is_refused_with_torchs_message()
    {
        var build = () => new Adam<float>(Array.Empty<ParamGroup<float, AdamOptions>>());
        build.Should().Throw<ArgumentException>().WithMessage("optimizer got an empty parameter list*")
            .Which.ParamName.Should().Be("groups");
    }

    /// <summary>The catalog's optimizers whose options have nothing for a cyclic schedule to vary (Adagrad, Adadelta).</summary>
    public static TheoryData<string> OptimizersWithoutCyclicMomentum() => new(NamesWithoutCyclicMomentum());

    private static IEnumerable<string> NamesWithoutCyclicMomentum() =>
        OptimizerCatalog.Names.Where(n => OptimizerCatalog.DefaultOptions(n).CyclicMomentum is null);

    [Theory]
    [MemberData(nameof(OptimizersWithoutCyclicMomentum))]
    public void Options_without_momentum_refuse_a_cyclic_momentum_naming_their_type(string optimizer)
    {
        var options = OptimizerCatalog.DefaultOptions(optimizer);
        var set = () => options.CyclicMomentum = 0.9;
        set.Should().Throw<InvalidOperationException>()
            .WithMessage($"{options.GetType().Name} has no momentum or beta1 for a schedule to cycle.");
    }

    [Fact]
    public void The_catalog_has_optimizers_without_cyclic_momentum_so_the_refusal_is_tested()
    {
        // Guards the theory above against an empty data set: Adagrad and Adadelta have neither momentum nor beta1.
        NamesWithoutCyclicMomentum().Should().Contain(["adagrad", "adadelta"]);
    }
}
