using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels.Lanes;

/// <summary>A <see cref="Vector256{T}"/>: 32 bytes per operation, each lane rounded as the one-lane reference rounds it.</summary>
internal readonly struct Lanes256<T> : ILanes<Lanes256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _value;

    private Lanes256(Vector256<T> value) => _value = value;

    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Load(ref T source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Splat(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> FusedMultiplyAdd(Lanes256<T> a, Lanes256<T> b, Lanes256<T> c) => new(Lanes.FusedMultiplyAdd.Apply(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Sqrt(Lanes256<T> x) => new(Vector256.Sqrt(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Max(Lanes256<T> left, Lanes256<T> right) => new(Vector256.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Abs(Lanes256<T> x) => new(Vector256.Abs(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Min(Lanes256<T> left, Lanes256<T> right) => new(Vector256.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> LessThan(Lanes256<T> left, Lanes256<T> right) => new(Vector256.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> GreaterThan(Lanes256<T> left, Lanes256<T> right) => new(Vector256.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Select(Lanes256<T> mask, Lanes256<T> ifTrue, Lanes256<T> ifFalse) => new(Vector256.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint index) => _value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator +(Lanes256<T> left, Lanes256<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator -(Lanes256<T> left, Lanes256<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator *(Lanes256<T> left, Lanes256<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator /(Lanes256<T> left, Lanes256<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator -(Lanes256<T> value) => new(-value._value);
}
