using System.Text.RegularExpressions;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Plots;
using ScottPlot;
using ScottPlot.Plottables;

namespace OptimizerLab.Cli.Tests;

/// <summary>The charts read as a user needs them to (issue #18): what can be checked without eyes, checked here.</summary>
public partial class ChartReadabilityTests
{
    private static double[] Curve(int steps) =>
        Enumerable.Range(0, steps).Select(t => Math.Pow(10, -12 + 14 * Math.Exp(-t / 100.0))).ToArray();

    private static LossSeries[] TwoRunsSharingAStep() =>
    [
        new("adam", Curve(5000), ReboundStep: 3073, PredictedReboundStep: 3100),
        new("adam-f64", Curve(5000), ReboundStep: 3100, PredictedReboundStep: 3100),
    ];

    private static IReadOnlyList<string> MajorTickLabels(Plot plot, IAxis axis)
    {
        plot.GetImageBytes(1200, 700, ImageFormat.Png);
        return axis.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();
    }

    [Fact]
    public void The_loss_axis_is_ticked_at_powers_of_ten()
    {
        var plot = LossChart.Build(TwoRunsSharingAStep(), "t");
        var labels = MajorTickLabels(plot, plot.Axes.Left);
        labels.Should().HaveCountGreaterThan(2).And.OnlyContain(l => PowerOfTen().IsMatch(l), "ticks read 1e-12, 1, 1e2 — not -11.5 or -3.9");
    }

    [Fact]
    public void A_log_step_axis_is_ticked_at_powers_of_ten_too()
    {
        var plot = LossChart.Build([new LossSeries("long", Curve(200_000))], "t", logSteps: true);
        MajorTickLabels(plot, plot.Axes.Bottom).Should().Contain(["1e3", "1e5"]).And.OnlyContain(l => PowerOfTen().IsMatch(l));
    }

    [Fact]
    public void A_log_step_axis_keeps_every_one_of_the_first_hundred_steps()
    {
        var plot = LossChart.Build([new LossSeries("long", Curve(200_000))], "t", logSteps: true);
        var drawn = plot.GetPlottables().OfType<Scatter>().Single().Data.GetScatterPoints();
        // Thinned by equal counts of points, the first bucket alone would swallow steps 1–111 into two points.
        drawn.Count(p => p.X < 2).Should().Be(99, "steps 1 … 99 each take visible width on a log axis");
        drawn.Count.Should().BeLessThan(3 * LossChart.DrawnBuckets + 100);
    }

    [Fact]
    public void The_rebound_chart_ticks_the_learning_rate_at_powers_of_ten()
    {
        var plot = ReboundChart.Build([new ReboundSeries("adam", [(1e-4, 8000.0), (1e-3, 3000.0), (1e-2, 400.0)])], 10000, "t");
        MajorTickLabels(plot, plot.Axes.Bottom).Should().Contain(["1e-4", "1e-3", "1e-2"]).And.OnlyContain(l => PowerOfTen().IsMatch(l));
    }

    [Fact]
    public void The_legend_sits_outside_the_data_area()
    {
        var plot = LossChart.Build(TwoRunsSharingAStep(), "t");
        plot.GetImageBytes(1200, 700, ImageFormat.Png);
        var render = plot.RenderManager.LastRender;
        // The legend takes its own column right of the data (its longest entry, "predicted 3100: adam, adam-f64", is
        // ~200 px wide); a legend drawn inside the data area would leave only the usual ~20 px margin there.
        (render.FigureRect.Right - render.DataRect.Right).Should().BeGreaterThan(150);
    }

    [Fact]
    public void Markers_of_several_runs_at_one_step_have_one_legend_entry()
    {
        var plot = LossChart.Build(TwoRunsSharingAStep(), "t");
        var markers = plot.GetPlottables().OfType<VerticalLine>().ToArray();
        markers.Should().HaveCount(4, "each run's rebound and prediction is still drawn in its colour");
        markers.Select(m => m.LegendText).Where(t => !string.IsNullOrEmpty(t)).Should().Equal(
            "rebound 3073: adam", "rebound 3100: adam-f64", "predicted 3100: adam, adam-f64");
    }

    [Fact]
    public void No_prediction_is_drawn_for_a_run_under_a_schedule_or_without_a_rebound()
    {
        var rebounding = Experiment.Run(new RunSpec { Label = "fast", Options = new AdamOptions { Lr = 1e-2 }, Steps = 1500, SharpnessEvery = 25 });
        rebounding.Summary.ReboundStep.Should().NotBeNull("Adam at lr = 1e-2 rebounds within ~500 steps on the seed problem");
        ChartFiles.Series(rebounding).PredictedReboundStep.Should().NotBeNull();

        var scheduled = Experiment.Run(rebounding.Spec with { Label = "scheduled", Schedule = "steplr", ScheduleSettings = new Dictionary<string, string> { ["step_size"] = "100", ["gamma"] = "0.5" } });
        ChartFiles.Series(scheduled).PredictedReboundStep.Should().BeNull("the forecast assumes a constant lr");
        var amsgrad = Experiment.Run(new RunSpec { Label = "amsgrad", Optimizer = "amsgrad", Steps = 600 });
        amsgrad.Summary.ReboundStep.Should().BeNull();
        ChartFiles.Series(amsgrad).PredictedReboundStep.Should().BeNull("a run that did not rebound has nothing to predict on the chart");

        var plot = LossChart.Build([ChartFiles.Series(scheduled)], "t");
        plot.GetPlottables().OfType<VerticalLine>().Where(v => v.LinePattern.Equals(LinePattern.Dashed)).Should().BeEmpty();
    }

    [Fact]
    public void Settings_without_a_rebound_at_the_same_lr_get_distinct_shapes_and_positions()
    {
        var series = Enumerable.Range(0, 4).Select(k => new ReboundSeries($"s{k}", [(1e-3, (double?)null)])).ToArray();
        var plot = ReboundChart.Build(series, 5000, "t");
        var markers = plot.GetPlottables().OfType<Scatter>().ToArray();
        markers.Should().HaveCount(4);
        markers.Select(m => m.MarkerShape).Distinct().Should().HaveCount(4);
        markers.Select(m => m.Data.GetScatterPoints()[0].X).Distinct().Should().HaveCount(4, "markers drawn on top of each other would show as one");
    }

    [GeneratedRegex(@"^1(e-?\d+)?$")]
    private static partial Regex PowerOfTen();
}
