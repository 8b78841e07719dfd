using System.Buffers.Binary;
using System.Text;
using OptimizerLab.Data;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Tests;

/// <summary>What NumPy users save: Fortran order, integer targets, .npz archives.</summary>
public partial class BadInputTests
{
    /// <summary>A .npy file written byte by byte (numpy's format), with any dtype and order.</summary>
    private static byte[] Npy(string descr, bool fortran, string shape, byte[] data)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int padding = 64 - (10 + dict.Length + 1) % 64;
        string header = dict + new string(' ', padding % 64) + "\n";
        var bytes = new List<byte>([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, (byte)(header.Length >> 8)]);
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Floats(IEnumerable<float> values) =>
        values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();

    private static byte[] Int64s(IEnumerable<long> values) =>
        values.SelectMany(v =>
        {
            var b = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(b, v);
            return b;
        }).ToArray();

    private static double[] LossOf(params string[] args)
    {
        string output = CliRunner.TempFolder("loss");
        var outcome = CliRunner.Run([.. args, "--steps", "30", "--sharpness-every", "0", "--out", output]);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        return RunCsv.Read(Path.Combine(output, "run.csv")).Loss;
    }

    [Fact]
    public void A_fortran_ordered_npy_gives_the_same_run_as_the_c_ordered_file()
    {
        var (x, y) = SmallData();
        float[] c = NpyFile.Read<float>(x).Data; // 8 × 3, row-major
        // np.save('x.npy', X) where X is Fortran-contiguous: the same (8, 3) array stored column by column.
        var columnMajor = Enumerable.Range(0, 3).SelectMany(col => Enumerable.Range(0, 8).Select(row => c[row * 3 + col]));
        string fortran = Write("x-fortran.npy", Npy("<f4", fortran: true, "(8, 3)", Floats(columnMajor)));
        LossOf("run", "--x", fortran, "--y", y).Should().Equal(LossOf("run", "--x", x, "--y", y));
    }

    [Fact]
    public void Int64_targets_are_read_exactly_when_representable()
    {
        var (x, y) = SmallData();
        string ints = Write("y-int64.npy", Npy("<i8", fortran: false, "(8,)", Int64s(Enumerable.Range(0, 8).Select(i => (long)i))));
        LossOf("run", "--x", x, "--y", ints).Should().Equal(LossOf("run", "--x", x, "--y", y), "y.npy holds the same values 0..7 as float32");
    }

    [Fact]
    public void An_integer_float32_cannot_hold_is_refused_naming_option_index_and_value_and_float64_reads_it()
    {
        var (x, _) = SmallData();
        long[] values = [0, 1, 2, 16_777_217, 4, 5, 6, 7];
        string ints = Write("y-big.npy", Npy("<i8", fortran: false, "(8,)", Int64s(values)));
        Refused("run", "--x", x, "--y", ints).Should().Be(
            $"--y {ints}: element [3] is 16777217, which float32 cannot hold exactly (whole numbers are exact up to 2^24); run with --precision float64, or save the data as float32 yourself to accept the rounding");
        LossOf("run", "--x", x, "--y", ints, "--precision", "float64").Should().NotBeEmpty();
    }

    [Fact]
    public void An_npz_without_an_array_name_is_refused_saying_how_to_name_one_and_a_named_array_is_read()
    {
        var (x, y) = SmallData();
        string npz = Path.Combine(Folder, "data.npz");
        using (var zip = new System.IO.Compression.ZipArchive(File.Create(npz), System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var (name, path) in new[] { ("x", x), ("y", y) })
            {
                using var entry = zip.CreateEntry(name + ".npy").Open();
                entry.Write(File.ReadAllBytes(path));
            }
        }

        Refused("run", "--x", npz, "--y", y).Should().Be(
            $"--x {npz} is a NumPy .npz archive holding the arrays 'x', 'y': name the array as {npz}:x, or save each array to its own .npy file with np.save");
        Refused("run", "--x", npz + ":X", "--y", y).Should().Be($"--x {npz}: the archive holds no array 'X'; it holds the arrays 'x', 'y'");
        Refused("run", "--x", Path.Combine(Folder, "gone.npz") + ":x", "--y", y).Should().Be($"--x {Path.Combine(Folder, "gone.npz")}: no such file");
        LossOf("run", "--x", npz + ":x", "--y", npz + ":y").Should().Equal(LossOf("run", "--x", x, "--y", y));
    }
}
