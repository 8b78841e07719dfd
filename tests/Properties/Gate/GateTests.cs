using System.Reflection;
using FsCheck.Xunit;

namespace OptimizerLab.Properties.Gate;

/// <summary>The gate's own machinery: the seed, exploration's factor, and failure messages that lead with the cause.</summary>
public class GateTests
{
    [Fact]
    public void The_assembly_runs_its_properties_from_the_committed_seed_unless_exploring()
    {
        var seeded = typeof(GateTests).Assembly.GetCustomAttribute<SeededPropertiesAttribute>();
        seeded.Should().NotBeNull("[assembly: SeededProperties] sets the committed seed for every property");
        seeded!.Replay.Should().Be(ExploreMode.Exploring ? null : ExploreMode.CommittedSeed);
    }

    [Fact]
    public void Every_property_outside_Data_is_a_seeded_property()
    {
        // A plain [Property] still gets the committed seed, but does not grow under exploration and its failure message
        // keeps FsCheck's seed boilerplate first. (tests/Properties/Data is another helper's; its properties are plain.)
        var plain = typeof(GateTests).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("OptimizerLab.Properties.Data", StringComparison.Ordinal) != true)
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<PropertyAttribute>() is { } a && a is not SeededPropertyAttribute)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");
        plain.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("1", 1)]
    [InlineData("10", 10)]
    public void The_explore_factor_is_a_whole_number_of_times(string? value, int? factor) =>
        ExploreMode.Parse(value).Should().Be(factor);

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public void A_bad_explore_factor_is_refused_naming_the_variable(string value) =>
        FluentActions.Invoking(() => ExploreMode.Parse(value)).Should().Throw<InvalidOperationException>()
            .WithMessage($"OPTIMIZERLAB_EXPLORE={value}: expected a whole number*");

    [Fact]
    public void A_failure_report_opens_with_its_labels_then_the_case_to_keep()
    {
        string report = """

            Falsifiable, after 3 tests (4 shrinks) (2026120313,11400714819323198485). 
            Last step was invoked with size of 43 and seed of (8313234685858909187,2795199660572864363).
            Replay directly at failing step with (8313234685858909187,2795199660572864363,43).
            Labels of failing property (one or more is failing):
            - nadam Float32: lr 0 moved θ[2]
            - second label
            Original:
            41
            """;
        string[] lines = FailureReport.CauseFirst(report, "Expected true, got false.").Split(Environment.NewLine);
        lines[0].Should().Be("nadam Float32: lr 0 moved θ[2]");
        lines[1].Should().Be("second label");
        lines[2].Should().Be("to keep this case: [SeededProperty(ReplayCase = \"(8313234685858909187,2795199660572864363,43)\")] (docs/testing.md)");
        lines[3].Should().Be("----");
        lines[4].Should().StartWith("Falsifiable, after 3 tests");
    }

    [Fact]
    public void A_failure_report_without_labels_opens_with_the_assertion_that_threw()
    {
        string report = "\nFalsifiable, after 2 tests (0 shrinks) (1,3). \nReplay directly at failing step with (5,7,3).\nOriginal:\n3\n";
        FailureReport.CauseFirst(report, "Expected x to be less than 3, but found 3.\nmore").Split(Environment.NewLine)[0]
            .Should().Be("Expected x to be less than 3, but found 3.");
        FailureReport.CauseFirst(report, null).Should().Be(report, "with no cause to show the report is left as it was");
    }
}
