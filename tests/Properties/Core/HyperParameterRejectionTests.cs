using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using OptimizerLab.Properties.Gate;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// Every numeric option of every optimizer in <see cref="OptimizerCatalog"/> (its range from its test-table entry) and every numeric setting of every
/// schedule in <see cref="ScheduleCatalog"/>: NaN, ±∞ and out-of-range values, set through the same text path the
/// CLI uses, are refused with <see cref="ArgumentOutOfRangeException"/> naming the option; in-range values are accepted.
/// </summary>
public class HyperParameterRejectionTests
{
    // 0 and -0 are the lower bound every range includes (torch's 0.0 <= beta, 0.0 <= rho, ...).
    private static readonly double[] Specials = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1.0, -double.Epsilon, 1.0, 1.5, 1e308];

    /// <summary>(optimizer, option) for every numeric option of every optimizer.</summary>
    public static TheoryData<string, string> NumericOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in OptimizerCatalog.Names)
        {
            foreach (var (option, value) in OptimizerCatalog.Describe(OptimizerCatalog.DefaultOptions(name)))
            {
                if (value is "true" or "false") continue;
                data.Add(name, option);
            }
        }

        return data;
    }

    [Fact]
    public void Every_numeric_option_has_a_range_in_its_table_entry_so_a_new_option_cannot_go_untested()
    {
        var rows = NumericOptions().Select(row => ((string)row[0], (string)row[1])).ToArray();
        rows.Select(r => r.Item2).Distinct().Should().HaveCountGreaterThan(10, "ten optimizers have at least lr, eps, betas, weight_decay, momentum, rho, ...");
        rows.Where(r => !OptimizerTable.Of(r.Item1).OptionRanges.ContainsKey(r.Item2)).Should().BeEmpty("each entry's OptionRanges covers its numeric options");
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public void Special_values_are_refused_exactly_when_out_of_range(string optimizer, string option)
    {
        foreach (double value in Specials) CheckOne(optimizer, option, value);
    }

    [SeededProperty(Cases = 40)]
    public Property Any_value_is_refused_exactly_when_out_of_range() =>
        Prop.ForAll(
            Gen.Elements(NumericOptions().Select(row => ((string)row[0], (string)row[1])).ToArray()).ToArbitrary(),
            Gen.OneOf(ArbMap.Default.GeneratorFor<double>(), Gen.Elements(Specials), Gen.Choose(-1000, 2000).Select(i => i / 1000.0)).ToArbitrary(),
            (pair, value) => CheckOne(pair.Item1, pair.Item2, value));

    private static void CheckOne(string optimizer, string option, double value)
    {
        var (valid, paramName) = OptimizerTable.Of(optimizer).OptionRanges[option];
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        var act = () => OptimizerCatalog.Options(optimizer, [KeyValuePair.Create(option, text)]);
        if (valid(value))
        {
            act.Should().NotThrow($"{optimizer} {option}={text} is in torch's range");
            return;
        }

        act.Should().Throw<ArgumentOutOfRangeException>($"{optimizer} {option}={text} is out of range")
            .Which.Should().Match<ArgumentOutOfRangeException>(e => e.ParamName == paramName && e.Message.Contains(PythonFloat.Repr(value), StringComparison.Ordinal));
    }

    /// <summary>A schedule setting, a value it must refuse, and the name the error must carry.</summary>
    public static TheoryData<string, string, string, string> BadScheduleSettings()
    {
        var data = new TheoryData<string, string, string, string>();
        // Every numeric setting of every schedule, with the others at valid values.
        var schedules = new (string Name, Dictionary<string, string> Valid, string[] Doubles, string[] Ints)[]
        {
            ("steplr", new() { ["step_size"] = "10" }, ["gamma"], ["step_size"]),
            ("multisteplr", new() { ["milestones"] = "10;20" }, ["gamma"], []),
            ("exponentiallr", new() { ["gamma"] = "0.9" }, ["gamma"], []),
            ("cosineannealinglr", new() { ["t_max"] = "10" }, ["eta_min"], ["t_max"]),
            ("linearlr", new(), ["start_factor", "end_factor"], ["total_iters"]),
            ("cycliclr", new() { ["base_lr"] = "1e-4", ["max_lr"] = "1e-2", ["cycle_momentum"] = "false" }, ["base_lr", "max_lr", "gamma", "base_momentum", "max_momentum"], ["step_size_up", "step_size_down"]),
            ("onecyclelr", new() { ["max_lr"] = "1e-2", ["total_steps"] = "100", ["cycle_momentum"] = "false" }, ["max_lr", "pct_start", "base_momentum", "max_momentum", "div_factor", "final_div_factor"], ["total_steps"]),
            ("reducelronplateau", new(), ["factor", "threshold", "min_lr", "eps"], ["patience", "cooldown"]),
        };
        foreach (var (name, valid, doubles, ints) in schedules)
        {
            foreach (string setting in doubles)
            {
                foreach (string bad in (string[])["NaN", "Infinity", "-Infinity"]) data.Add(name, Encode(valid, setting, bad), setting, bad);
            }

            foreach (string setting in ints) data.Add(name, Encode(valid, setting, "-1"), setting, "-1");
        }

        // Out-of-range finite values torch refuses.
        data.Add("steplr", "step_size=0", "step_size", "0");
        data.Add("cosineannealinglr", "t_max=0", "t_max", "0");
        data.Add("linearlr", "start_factor=0", "start_factor", "0");
        data.Add("linearlr", "start_factor=1.5", "start_factor", "1.5");
        data.Add("linearlr", "end_factor=-0.5", "end_factor", "-0.5");
        data.Add("linearlr", "end_factor=2", "end_factor", "2");
        data.Add("cycliclr", "base_lr=1e-4|max_lr=1e-2|cycle_momentum=false|step_size_up=0", "step_size_up", "0");
        data.Add("onecyclelr", "max_lr=1e-2|total_steps=0|cycle_momentum=false", "total_steps", "0");
        data.Add("onecyclelr", "max_lr=1e-2|total_steps=100|cycle_momentum=false|pct_start=1.5", "pct_start", "1.5");
        data.Add("onecyclelr", "max_lr=1e-2|total_steps=100|cycle_momentum=false|pct_start=-0.1", "pct_start", "-0.1");
        data.Add("onecyclelr", "max_lr=1e-2|total_steps=100|cycle_momentum=false|div_factor=0", "div_factor", "0");
        data.Add("onecyclelr", "max_lr=1e-2|total_steps=100|cycle_momentum=false|final_div_factor=-1", "final_div_factor", "-1");
        data.Add("reducelronplateau", "factor=1", "factor", "1");
        data.Add("reducelronplateau", "min_lr=-1", "min_lr", "-1");
        data.Add("reducelronplateau", "eps=-1", "eps", "-1");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadScheduleSettings))]
    public void A_bad_schedule_setting_is_refused_naming_it(string schedule, string settings, string setting, string value)
    {
        var parsed = settings.Split('|').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        var optimizer = new Adam<double>([new Parameter<double>(1)], new AdamOptions { Lr = 1e-3 });
        var act = () => ScheduleCatalog.Create(schedule, parsed, optimizer);
        var thrown = act.Should().Throw<ArgumentException>($"{schedule} {setting}={value} is invalid").Which;
        (string.Equals(thrown.ParamName, setting, StringComparison.OrdinalIgnoreCase)
            || thrown.Message.Contains(setting, StringComparison.OrdinalIgnoreCase)).Should().BeTrue($"the error names '{setting}': {thrown.Message}");
        optimizer.GroupOptions[0].Lr.Should().Be(1e-3, "a refused schedule leaves the optimizer's learning rate alone");
    }

    private static string Encode(Dictionary<string, string> valid, string setting, string value) =>
        string.Join("|", valid.Where(kv => kv.Key != setting).Select(kv => $"{kv.Key}={kv.Value}").Append($"{setting}={value}"));
}
