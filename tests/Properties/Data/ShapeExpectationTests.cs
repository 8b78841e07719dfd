using OptimizerLab.Data;

namespace OptimizerLab.Properties.Data;

/// <summary>Shape checks for the CLI: a wrong shape is refused with a message naming the file and both shapes.</summary>
public sealed class ShapeExpectationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Npy(string name, params int[] shape)
    {
        string path = _folder.File(name);
        NpyFile.Write<float>(path, new float[shape.Aggregate(1, (a, b) => a * b)], shape);
        return path;
    }

    [Theory]
    [InlineData(64, 999, 64, 1000, "has shape (64, 999) but 1000 columns were expected")]
    [InlineData(63, 1000, 64, 1000, "has shape (63, 1000) but 64 rows were expected")]
    [InlineData(63, 999, 64, 1000, "has shape (63, 999) but 64 rows and 1000 columns were expected")]
    [InlineData(2, 3, 1, null, "has shape (2, 3) but 1 row was expected")]
    [InlineData(2, 3, null, 1, "has shape (2, 3) but 1 column was expected")]
    public void A_matrix_of_the_wrong_shape_is_refused(int rows, int columns, int? expectedRows, int? expectedColumns, string message)
    {
        string path = Npy("x.npy", rows, columns);
        var read = () => DataFile.ReadMatrix<float>(path, expectedRows, expectedColumns);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path} {message}");
    }

    [Fact]
    public void A_matrix_of_the_right_shape_is_returned()
    {
        string path = Npy("x.npy", 64, 1000);
        var x = DataFile.ReadMatrix<float>(path, 64, 1000);
        (x.Rows, x.Columns).Should().Be((64, 1000));
    }

    [Fact]
    public void A_1d_file_reads_as_a_matrix_of_one_column()
    {
        string path = Npy("y.npy", 64);
        var y = DataFile.ReadMatrix<float>(path, 64, 1);
        y.ShapeText.Should().Be("(64,)");
        var read = () => DataFile.ReadMatrix<float>(path, null, 2);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path} has shape (64,) but 2 columns were expected");
    }

    [Theory]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 5, 1 })]
    [InlineData(new[] { 1, 5 })]
    public void A_vector_may_be_saved_flat_as_a_column_or_as_a_row(int[] shape)
    {
        string path = _folder.File("b.npy");
        NpyFile.Write<double>(path, new double[] { 1, 2, 3, 4, 5 }, shape);
        DataFile.ReadVector<double>(path, 5).Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void A_matrix_is_not_a_vector()
    {
        string path = Npy("w.npy", 2, 3);
        var read = () => DataFile.ReadVector<float>(path);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path} has shape (2, 3) but a vector was expected: shape (n,), (n, 1) or (1, n)");
    }

    [Fact]
    public void A_vector_of_another_length_is_refused()
    {
        string path = Npy("b.npy", 2);
        var read = () => DataFile.ReadVector<float>(path, 1);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path} has shape (2,) but 1 value was expected");
    }

    [Fact]
    public void DataFile_reads_npy_by_extension_and_text_otherwise()
    {
        string npy = Npy("x.NPY", 2, 3);
        DataFile.ReadMatrix<float>(npy, 2, 3).Data.Should().HaveCount(6);
        string csv = _folder.WriteText("x.csv", "1,2,3\n4,5,6\n");
        DataFile.ReadMatrix<double>(csv, 2, 3).Data.Should().Equal(1, 2, 3, 4, 5, 6);
        string txt = _folder.WriteText("b.txt", "0.5\n1.5\n");
        DataFile.ReadVector<double>(txt, 2).Should().Equal(0.5, 1.5);
        var wrong = () => DataFile.ReadMatrix<double>(csv, 3, 3);
        wrong.Should().Throw<InvalidDataException>().WithMessage($"{csv} has shape (2, 3) but 3 rows were expected");
        string misnamed = _folder.WriteText("text.npy", "1,2\n");
        var notNpy = () => DataFile.ReadMatrix<double>(misnamed);
        notNpy.Should().Throw<InvalidDataException>().WithMessage($"{misnamed}: not a .npy file*");
    }

    [Fact]
    public void Array2D_checks_its_arguments_and_indexes_row_major()
    {
        var a = new Array2D<float>([1, 2, 3, 4, 5, 6], 2, 3);
        a[1, 0].Should().Be(4);
        a.Row(1).ToArray().Should().Equal(4f, 5f, 6f);
        var column = () => a[0, 3];
        column.Should().Throw<ArgumentOutOfRangeException>("column 3 would otherwise read row 1");
        var mismatch = () => new Array2D<float>([1, 2, 3], 2, 2);
        mismatch.Should().Throw<ArgumentException>().WithMessage("Shape (2, 2) holds 4 elements but the data has 3.*");
        var empty = () => Array2D<float>.Vector([]);
        empty.Should().Throw<ArgumentOutOfRangeException>();
    }
}
