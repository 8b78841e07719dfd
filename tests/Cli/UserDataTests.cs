using OptimizerLab.Data;
using OptimizerLab.Lab;
using OptimizerLab.Problems;

namespace OptimizerLab.Cli.Tests;

/// <summary>run on the user's own data: .npy and CSV files give the same curve as the same data in memory.</summary>
public class UserDataTests
{
    private static readonly RunSpec Spec = new() { Steps = 400, DiagnosticsEvery = 50, SharpnessEvery = 50 };

    /// <summary>Writes the seeded problem's X, Y, W, b as files with the given extension; returns their paths.</summary>
    private static (string X, string Y, string W, string B) WriteSeedData(string folder, string extension, ulong seed)
    {
        var problem = LeastSquaresProblem<float>.Seeded(seed);
        string Path(string name) => System.IO.Path.Combine(folder, name + extension);
        void Write(string path, float[] data, params int[] shape)
        {
            if (extension == ".npy") NpyFile.Write<float>(path, data, shape);
            else CsvMatrix.Write(path, new Array2D<float>(data, shape[0], shape.Length == 1 ? 1 : shape[1]));
        }

        Write(Path("x"), problem.X.ToArray(), problem.Rows, problem.Inputs);
        Write(Path("y"), problem.Y.ToArray(), problem.Rows, problem.Outputs);
        Write(Path("w"), problem.Weight.Value.ToArray(), problem.Outputs, problem.Inputs);
        Write(Path("b"), problem.Bias!.Value.ToArray(), problem.Outputs);
        return (Path("x"), Path("y"), Path("w"), Path("b"));
    }

    [Theory]
    [InlineData(".npy")]
    [InlineData(".csv")]
    public void Files_give_the_same_curve_as_the_same_data_in_memory(string extension)
    {
        string folder = CliRunner.TempFolder("userdata");
        var (x, y, w, b) = WriteSeedData(folder, extension, seed: 3);
        var outcome = CliRunner.Run("run", "--x", x, "--y", y, "--init-weight", w, "--init-bias", b, "--steps", "400",
            "--diagnostics-every", "50", "--sharpness-every", "50", "--out", Path.Combine(folder, "out"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);

        var inMemory = Experiment.Run(Spec, LeastSquaresProblem<float>.Seeded(3));
        var fromFiles = RunCsv.Read(Path.Combine(folder, "out", "run.csv"));
        // float32 data written and read back exactly (.npy bytes; CSV shortest round-trip text), so the same bits.
        fromFiles.Loss.Should().Equal(inMemory.Records.Loss);
    }

    [Fact]
    public void A_weight_of_the_wrong_shape_is_a_usage_error_naming_file_and_shapes()
    {
        string folder = CliRunner.TempFolder("userdata-shape");
        var (x, y, _, _) = WriteSeedData(folder, ".npy", seed: 0);
        string wrong = Path.Combine(folder, "w-wrong.npy");
        NpyFile.Write<float>(wrong, new float[999], 1, 999);
        var outcome = CliRunner.Run("run", "--x", x, "--y", y, "--init-weight", wrong, "--out", Path.Combine(folder, "out"));
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("w-wrong.npy").And.Contain("(1, 999)").And.Contain("1000");
    }

    [Fact]
    public void Targets_with_other_rows_than_the_inputs_are_a_usage_error()
    {
        string folder = CliRunner.TempFolder("userdata-rows");
        var (x, _, _, _) = WriteSeedData(folder, ".npy", seed: 0);
        string y = Path.Combine(folder, "y-short.npy");
        NpyFile.Write<float>(y, new float[10], 10);
        var outcome = CliRunner.Run("run", "--x", x, "--y", y, "--out", Path.Combine(folder, "out"));
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("y-short.npy").And.Contain("64");
    }

    [Fact]
    public void Own_data_reads_its_problem_settings_as_the_seed_problem_does()
    {
        // Flags and names in any case, as ProblemSpec reads them: bias=False means no bias, reduction=MEAN the mean.
        string folder = CliRunner.TempFolder("userdata-settings");
        var (x, y, _, _) = WriteSeedData(folder, ".npy", seed: 0);
        var outcome = CliRunner.Run("run", "--x", x, "--y", y, "--problem-set", "bias=False", "--problem-set", "reduction=MEAN", "--steps", "5",
            "--format", "json", "--out", Path.Combine(folder, "out"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("bias=false").And.Contain("reduction=mean");
    }
}
