using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>
/// A trainable tensor, flattened: its values and the gradient the caller computes for them.
/// The optimizer reads <see cref="Grad"/> and updates <see cref="Value"/> in place.
/// </summary>
/// <remarks>
/// Like a torch parameter whose <c>.grad</c> may be <c>None</c>: a parameter with
/// <see cref="HasGrad"/> false is skipped by every optimizer and its state is not advanced.
/// </remarks>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a parameter holding a copy of <paramref name="initialValue"/> (possibly empty, as torch allows), with a zero gradient.</summary>
    public Parameter(ReadOnlySpan<T> initialValue, string name = "param")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Value = initialValue.ToArray();
        Grad = new T[initialValue.Length];
    }

    /// <summary>Creates a zero-initialised parameter of the given length.</summary>
    public Parameter(int length, string name = "param")
        : this(CheckLength(length, name), name)
    {
    }

    /// <summary>A name used in error messages and saved state (torch's parameter name).</summary>
    public string Name { get; }

    /// <summary>The values, updated in place by <c>Step()</c>.</summary>
    public T[] Value { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>; the caller fills it before each step.</summary>
    public T[] Grad { get; }

    /// <summary>False means "no gradient this step" (torch's <c>grad is None</c>): optimizers skip the parameter.</summary>
    public bool HasGrad { get; set; } = true;

    /// <summary>Number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>
    /// The tensor's shape (torch's <c>p.shape</c>), <see cref="Value"/> being its elements in row-major order; one
    /// dimension of <see cref="Length"/> unless set. Only optimizers that look at the shape read it: Adafactor factors
    /// the second moment of a parameter of two or more dimensions, SparseAdam updates whole rows (the first dimension).
    /// </summary>
    /// <exception cref="ArgumentException">The dimensions are negative or their product is not <see cref="Length"/>.</exception>
    public IReadOnlyList<int> Shape
    {
        get => _shape ?? [Length];
        init => _shape = CheckShape(value, Length, Name);
    }

    private readonly int[]? _shape;

    /// <summary>Sets the gradient to zero (torch's <c>zero_grad(set_to_none=False)</c>).</summary>
    public void ZeroGrad() => Array.Clear(Grad);

    private static int[] CheckShape(IReadOnlyList<int> shape, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long product = 1;
        foreach (int size in shape)
        {
            if (size < 0) throw new ArgumentException($"Parameter '{name}' cannot have a negative dimension ({string.Join("×", shape)}).", nameof(shape));
            product = Math.Min(product * size, (long)int.MaxValue + 1); // capped: a product past int's range cannot match a length

        }

        if (product != length)
            throw new ArgumentException($"Parameter '{name}' has {length} elements; the shape {string.Join("×", shape)} holds {product}.", nameof(shape));
        return shape.ToArray();
    }

    private static T[] CheckLength(int length, string name)
    {
        // Zero elements are allowed, as torch allows them: every optimizer's update of such a parameter does nothing.
        if (length < 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Parameter '{name}' cannot have a negative length.");
        return new T[length];
    }
}
