using System.Text;
using System.Text.RegularExpressions;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// The bad inputs a new user makes (issue #13), each as a class: exit 2, one "error:" line that names the option or
/// file and the real reason, nothing on stdout, nothing written. docs/robustness.md lists them.
/// </summary>
public partial class BadInputTests
{
    private static readonly string Folder = CliRunner.TempFolder("bad-inputs");

    /// <summary>A small valid X (8 × 3) and y (8 values), as float32 .npy.</summary>
    private static (string X, string Y) SmallData()
    {
        string x = Path.Combine(Folder, "x.npy"), y = Path.Combine(Folder, "y.npy");
        if (!File.Exists(y))
        {
            NpyFile.Write<float>(x, Enumerable.Range(0, 24).Select(i => (float)Math.Sin(i)).ToArray(), 8, 3);
            NpyFile.Write<float>(y, Enumerable.Range(0, 8).Select(i => (float)i).ToArray(), 8);
        }

        return (x, y);
    }

    private static string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs and checks the common contract; returns the error line without "error: ".</summary>
    private static string Refused(params string[] args)
    {
        string output = Path.Combine(CliRunner.TempFolder("refused"), "out");
        var outcome = CliRunner.Run(args[0] == "explain" ? args : [.. args, "--out", output]);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError, outcome.Stderr);
        outcome.Stdout.Should().BeEmpty();
        outcome.Stderr.Should().NotContain("   at ", "a user's mistake is not a crash");
        Directory.Exists(output).Should().BeFalse("nothing is written for a refused command");
        string line = outcome.ErrorLines.Should().ContainSingle().Which;
        line.Should().StartWith("error: ");
        return line["error: ".Length..];
    }

    private static string RefusedExplain(params string[] args)
    {
        var outcome = CliRunner.Run(["explain", .. args]);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError, outcome.Stderr);
        outcome.Stdout.Should().BeEmpty();
        return outcome.ErrorLines.Should().ContainSingle().Which["error: ".Length..];
    }

    // ---- Files: a folder, a missing file, an unreadable file, an empty file, for every option that takes one ----

    public static TheoryData<string> FileOptions() => ["--x", "--y", "--init-weight", "--init-bias"];

    private static string[] WithFile(string option, string path)
    {
        var (x, y) = SmallData();
        return option switch
        {
            "--x" => ["run", "--x", path, "--y", y],
            "--y" => ["run", "--x", x, "--y", path],
            _ => ["run", "--x", x, "--y", y, option, path],
        };
    }

    [Theory]
    [MemberData(nameof(FileOptions))]
    public void A_folder_given_as_a_file_names_the_option_and_says_it_is_a_folder(string option)
    {
        string folder = CliRunner.TempFolder("a-folder");
        Refused(WithFile(option, folder)).Should().Be($"{option} {folder}: is a directory, not a file");
    }

    [Theory]
    [MemberData(nameof(FileOptions))]
    public void A_missing_file_names_the_option(string option)
    {
        string missing = Path.Combine(Folder, "missing.npy");
        Refused(WithFile(option, missing)).Should().Be($"{option} {missing}: no such file");
        string inMissingFolder = Path.Combine(Folder, "no-folder", "y.npy");
        Refused(WithFile(option, inMissingFolder)).Should().Be($"{option} {inMissingFolder}: no such file (the folder {Path.Combine(Folder, "no-folder")} does not exist)");
    }

    [Theory]
    [MemberData(nameof(FileOptions))]
    public void An_empty_file_names_the_option(string option)
    {
        string empty = Write("empty.npy", "");
        Refused(WithFile(option, empty)).Should().Be($"{option} {empty}: the file is empty (0 bytes)");
    }

    /// <summary>
    /// An unreadable file: the tests run as root here, whom chmod cannot stop, so the read itself throws what .NET
    /// throws for a file without read permission.
    /// </summary>
    [Fact]
    public void An_unreadable_file_says_permission_denied_naming_the_option()
    {
        string file = Write("locked.npy", "x");
        var read = () => InputFile.Read<int>("--y", file, file, () => throw new UnauthorizedAccessException($"Access to the path '{file}' is denied."));
        read.Should().Throw<UsageException>().WithMessage($"--y {file}: permission denied");
    }

    [Fact]
    public void Explain_reports_file_problems_the_same_way()
    {
        string folder = CliRunner.TempFolder("explain-folder");
        RefusedExplain(folder).Should().Be($"explain {folder}: is a directory, not a file");
        string missing = Path.Combine(Folder, "no-run.csv");
        RefusedExplain(missing).Should().Be($"explain {missing}: no such file");
        string empty = Write("empty-run.csv", "");
        RefusedExplain(empty).Should().Be($"explain {empty}: the file is empty (0 bytes)");
    }

    [Fact]
    public void Explain_refuses_a_binary_file_without_printing_its_bytes()
    {
        var (x, _) = SmallData();
        RefusedExplain(x).Should().Be($"explain {x}: is a .npy file, not a run's CSV (as run and sweep --save-runs write) or a training log");
        string zip = Write("run.zip", [.. "PK\x03\x04"u8, 20, 0, 0, 0]);
        RefusedExplain(zip).Should().Be($"explain {zip}: is an .npz (zip) archive, not a run's CSV (as run and sweep --save-runs write) or a training log");
        string binary = Write("run.bin", [(byte)'s', 0, 1, 2, 0xff]);
        RefusedExplain(binary).Should().Be($"explain {binary}: is a binary file, not a run's CSV (as run and sweep --save-runs write) or a training log");
    }

    [Theory]
    [MemberData(nameof(FileOptions))]
    public void An_empty_path_names_the_option(string option) => Refused(WithFile(option, "")).Should().Be($"{option} needs a file path.");

    [Fact]
    public void A_file_of_the_wrong_shape_names_the_option_the_file_and_both_shapes()
    {
        var (x, _) = SmallData();
        string y = Path.Combine(Folder, "y-5.npy");
        NpyFile.Write<float>(y, new float[5], 5);
        Refused("run", "--x", x, "--y", y).Should().Be($"--y {y} has shape (5,) but 8 rows were expected");
    }

    [Fact]
    public void A_malformed_csv_names_the_option_line_and_column()
    {
        var (_, y) = SmallData();
        string x = Write("x-bad.csv", "1,2,3\n4,abc,6\n");
        Refused("run", "--x", x, "--y", y).Should().Be($"--x {x}, line 2, column 2: 'abc' is not a number");
    }

    // ---- NaN and infinity in X or y: the file, the position, and what the user can do ----

    [Theory]
    [InlineData("x.csv", "--x", "line 3, column 2", "nan")]
    [InlineData("y.csv", "--y", "line 5, column 1", "-inf")]
    public void Non_finite_csv_values_name_option_file_position_and_a_remedy(string name, string option, string position, string value)
    {
        var (x, y) = SmallData();
        var text = new StringBuilder();
        int columns = option == "--x" ? 3 : 1;
        for (int r = 0; r < 8; r++)
            text.AppendLine(string.Join(",", Enumerable.Range(0, columns).Select(c => option == "--x" ? (r == 2 && c == 1 ? value : "0.5") : (r == 4 ? value : "1"))));
        string file = Write(name, text.ToString());
        string message = Refused("run", "--x", option == "--x" ? file : x, "--y", option == "--y" ? file : y);
        message.Should().StartWith($"{option} {file}: {position} is {value}; the lab trains on finite numbers only: replace or drop it");
        message.Should().NotContainEquivalentOf("allowNonFinite", "the CLI user cannot pass a library argument");
    }

    [Fact]
    public void Non_finite_npy_values_give_the_numpy_index()
    {
        var (_, y) = SmallData();
        var data = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        data[7] = float.NaN;
        string x = Path.Combine(Folder, "x-nan.npy");
        NpyFile.Write<float>(x, data, 8, 3);
        Refused("run", "--x", x, "--y", y).Should().StartWith($"--x {x}: element [2, 1] (flat index 7) is nan; the lab trains on finite numbers only");
    }

    [Fact]
    public void A_float64_value_beyond_float32_suggests_float64_precision()
    {
        var (x, _) = SmallData();
        string y = Path.Combine(Folder, "y-huge.npy");
        NpyFile.Write<double>(y, [1, 2, 3, 1e300, 5, 6, 7, 8], 8);
        Refused("run", "--x", x, "--y", y).Should().Be($"--y {y}: element [3] is 1e+300, beyond float32's range; run with --precision float64, or rescale the data");
    }

    // ---- Hyper-parameters: the command-line option and the value ----

    public static TheoryData<string[], string> BadHyperParameters() => new()
    {
        { ["run", "--lr", "-1"], "--lr -1: Invalid learning rate: -1.0" },
        { ["run", "--eps", "-1e-8"], "--eps -1e-8: Invalid epsilon value: -1e-08" },
        { ["run", "--weight-decay", "-0.1"], "--weight-decay -0.1: Invalid weight_decay value: -0.1" },
        { ["run", "--optimizer", "sgd", "--momentum", "-0.9"], "--momentum -0.9: Invalid momentum value: -0.9" },
        { ["run", "--betas", "0.9,1.5"], "--betas 0.9,1.5: Invalid beta parameter at index 1: 1.5" },
        { ["run", "--set", "eps=-1"], "--set eps=-1: Invalid epsilon value: -1.0" },
        { ["run", "--optimizer", "adadelta", "--set", "rho=2"], "--set rho=2: Invalid rho value: 2.0" },
        { ["run", "--set", "amsgrad=maybe"], "--set amsgrad=maybe: Option 'amsgrad' of adam takes true or false; got 'maybe'." },
        { ["run", "--lr", "fast"], "--lr fast: Option 'lr' of adam takes a number like 1e-3; got 'fast'." },
        { ["sweep", "--lr", "1e-3,-1"], "--lr -1: Invalid learning rate: -1.0" },
        { ["sweep", "--optimizer", "adam,sgd", "--weight-decay", "0,-2"], "--weight-decay -2: Invalid weight_decay value: -2.0" },
        // nesterov needs momentum > 0 and dampening 0: the option that asks for it is named, the message says what it needs.
        { ["run", "--optimizer", "sgd", "--set", "nesterov=true"], "--set nesterov=true: Nesterov momentum requires a momentum and zero dampening" },
        { ["run", "--optimizer", "sgd", "--momentum", "0.9", "--set", "nesterov=true", "--set", "dampening=0.1"],
            "--set nesterov=true: Nesterov momentum requires a momentum and zero dampening" },
    };

    [Theory]
    [MemberData(nameof(BadHyperParameters))]
    public void A_bad_hyper_parameter_names_the_option_and_the_value(string[] args, string message) => Refused(args).Should().Be(message);

    /// <summary>The class, not examples: every option of every optimizer in the catalog, given NaN through --set.</summary>
    [Fact]
    public void Every_option_of_every_optimizer_given_nan_is_refused_naming_the_set_option()
    {
        foreach (string optimizer in OptimizerCatalog.Names)
        {
            foreach (string option in OptimizerCatalog.Describe(OptimizerCatalog.DefaultOptions(optimizer)).Select(kv => kv.Key))
                Refused("run", "--optimizer", optimizer, "--set", $"{option}=nan").Should().StartWith($"--set {option}=nan: ", $"{optimizer} {option}");
        }
    }

    // ---- Numbers out of range or of the wrong type: the valid range, never a .NET type name ----

    public static TheoryData<string[], string> BadNumbers() => new()
    {
        { ["run", "--steps", "99999999999"], "--steps takes a whole number from 1 to 100000000; got '99999999999'" },
        { ["run", "--steps", "0"], "--steps takes a whole number from 1 to 100000000; got '0'" },
        { ["run", "--steps", "1.5"], "--steps takes a whole number from 1 to 100000000; got '1.5'" },
        { ["run", "--n", "-3"], "--n takes a whole number from 1 to 2147483647; got '-3'" },
        { ["run", "--sharpness-every", "-1"], "--sharpness-every takes a whole number from 0 to 2147483647; got '-1'" },
        { ["sweep", "--parallel", "5000"], "--parallel takes a whole number from 0 to 1024; got '5000'" },
        { ["run", "--clip-value", "1e999"], "--clip-value takes a finite number ≥ 0; got '1e999'" },
        { ["explain", "x.csv", "--threshold", "0"], "--threshold takes a finite number > 0; got '0'" },
    };

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public void A_number_out_of_range_says_the_valid_range(string[] args, string message) =>
        Refused(args).Should().Be($"{message} (see --help)");

    /// <summary>
    /// Every option of every command (read from its --help), given values of the wrong type or out of any range:
    /// exit 2 and one line without a .NET type name. --out points into a file, so that nothing runs whatever the value.
    /// </summary>
    [Fact]
    public void No_option_of_any_command_leaks_a_dotnet_type_name()
    {
        string blocker = Write("blocker", "");
        int options = 0;
        foreach (string command in (string[])["run", "sweep", "explain", "reproduce"])
        {
            string help = CliRunner.Run(command, "--help").Stdout;
            foreach (Match option in Regex.Matches(help, @"^\s+(--[a-z-]+)(?:, -\w)? <", RegexOptions.Multiline))
            {
                string name = option.Groups[1].Value;
                if (name == "--out") continue;
                options++;
                foreach (string value in (string[])["99999999999", "abc", "-1e999", "1.5", ""])
                {
                    string[] args = [command, .. command == "explain" ? [blocker] : Array.Empty<string>(), name, value, .. command == "explain" ? [] : (string[])["--out", Path.Combine(blocker, "out")]];
                    var outcome = CliRunner.Run(args);
                    outcome.ExitCode.Should().Be(ExitCodes.UsageError, string.Join(" ", args) + ": " + outcome.Stderr);
                    outcome.ErrorLines.Should().ContainSingle(string.Join(" ", args));
                    outcome.Stderr.Should().NotMatchRegex(@"System\.|Int32|Int64|UInt64|Double|Nullable", string.Join(" ", args));
                }
            }
        }

        options.Should().BeGreaterThan(30, "the help of the four commands lists that many options taking a value");
    }
}
