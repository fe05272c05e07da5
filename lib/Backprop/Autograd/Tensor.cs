using Backprop.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Autograd;

/// <summary>
/// A matrix that remembers how it was computed: lesson 8's <see cref="Value"/> grown up. Every operation on tensors returns
/// a new tensor holding its result (<see cref="Data"/>), the tensors it read (<see cref="Inputs"/>) and a local backward
/// that knows the operation's vector–Jacobian product. <see cref="Backward()"/> walks the recorded graph backwards and fills
/// in <see cref="Grad"/> = ∂output/∂tensor, a matrix of the tensor's own shape, for every tensor the output depends on.
/// <para>
/// As in NumPy, <c>*</c> and <c>/</c> are element by element and <see cref="MatMul"/> is the matrix product; a 1×D row, an
/// N×1 column or a 1×1 number (a <c>double</c> converts to one) is broadcast against an N×D matrix.
/// </para>
/// <para>
/// The class is split by family of operations, each file holding its forwards and backwards side by side: this file is the
/// graph and <see cref="Backward()"/>; Tensor.Elementwise.cs the four arithmetic operations and broadcasting;
/// Tensor.Functions.cs exp, log, tanh, ReLU and powers; Tensor.MatMul.cs the matrix product; Tensor.Reductions.cs sum,
/// mean, max and picking one entry per row.
/// </para>
/// </summary>
/// <example>
/// <code>
/// var x = new Tensor(xBatch); var w = new Tensor(w1); var b = new Tensor(b1);
/// var loss = (x.MatMul(w) + b).Relu().Sum();
/// loss.Backward();                       // w.Grad = xᵀ·(mask), b.Grad = column sums of the mask, …
/// </code>
/// </example>
public sealed partial class Tensor
{
    // Adds this operation's vector–Jacobian products to its inputs' Grad, given the output (this tensor) and its Grad.
    // It must ADD (+=): a tensor read twice, as in a * a, receives one share along each use.
    private readonly Action<Tensor> _localBackward;
    private Matrix<double> _grad;

    /// <summary>A tensor given from outside (an input or a weight): no inputs, nothing to pass back.</summary>
    /// <remarks>The matrix is used, not copied, so an in-place update of it (a training step) is seen here.</remarks>
    public Tensor(Matrix<double> data, string label = "") : this(data, "", [], _ => { }, label) { }

    /// <summary>
    /// The result of an operation: <paramref name="localBackward"/> receives this tensor and must add, to each input's
    /// <see cref="Grad"/>, the input's share of this tensor's Grad (a matrix of the input's shape). Every built-in
    /// operation is made this way; a notebook can define a new operation the same way.
    /// </summary>
    public Tensor(Matrix<double> data, string op, IReadOnlyList<Tensor> inputs, Action<Tensor> localBackward, string label = "")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(localBackward);
        for (var i = 0; i < inputs.Count; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"Input {i} of operation '{op}' is null.");
        Data = data;
        Op = op;
        Inputs = inputs;
        _localBackward = localBackward;
        _grad = ZerosLike(data);
        Label = label ?? "";
    }

    /// <summary>The matrix this tensor holds (the forward result).</summary>
    public Matrix<double> Data { get; }

    /// <summary>
    /// ∂output/∂this tensor after the output's <see cref="Backward()"/>, of this tensor's shape; zeros before. Each
    /// element is the output's sensitivity to the same element of <see cref="Data"/>.
    /// </summary>
    /// <exception cref="ShapeMismatchException">A gradient of another shape is assigned.</exception>
    public Matrix<double> Grad
    {
        get => _grad;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!Shape.Same(value, Data))
                throw new ShapeMismatchException(
                    $"Tensor {Name}: its data is {Shape.Of(Data)} but the gradient given is {Shape.Of(value)} (a gradient has its tensor's shape).");
            _grad = value;
        }
    }

    /// <summary>Rows of <see cref="Data"/>.</summary>
    public int Rows => Data.RowCount;

    /// <summary>Columns of <see cref="Data"/>.</summary>
    public int Columns => Data.ColumnCount;

    /// <summary>The operation that produced this tensor ("+", "MatMul", "exp", "sum(axis 0)", …), or "" for a given one.</summary>
    public string Op { get; }

    /// <summary>The tensors the operation read, in order (empty for a given tensor; a * a lists a twice).</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>A name for printing, e.g. "W1"; may be empty.</summary>
    public string Label { get; set; }

    /// <summary>A given tensor over <paramref name="data"/> (not copied), so that <c>Tensor x = matrix;</c> reads naturally.</summary>
    public static implicit operator Tensor(Matrix<double> data) => new(data);

    /// <summary>A given 1×1 tensor, so that <c>2 * x</c> and <c>x + 1e-5</c> broadcast a number.</summary>
    public static implicit operator Tensor(double number) => new(Matrix<double>.Build.Dense(1, 1, number));

    /// <summary>
    /// Every tensor this one depends on, itself included, each exactly once and after all of its inputs: the order of
    /// the forward pass (the same explicit-stack sort as <see cref="Value.TopologicalOrder"/>).
    /// </summary>
    public IReadOnlyList<Tensor> TopologicalOrder() => Graph.TopologicalOrder(this, tensor => tensor.Inputs);

    /// <summary>
    /// Backpropagation from a 1×1 output (a loss): ∂output/∂output = 1, then as <see cref="Backward(Matrix{double})"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This tensor is not 1×1.</exception>
    public void Backward()
    {
        if (Rows != 1 || Columns != 1)
            throw new InvalidOperationException(
                $"Tensor {Name}: Backward() starts from ∂output/∂output = 1, so the output must be 1×1 (a loss), but it is {Shape.Of(Data)}. " +
                "For another output, pass the gradient arriving from above: Backward(dout).");
        Backward(Matrix<double>.Build.Dense(1, 1, 1.0));
    }

    /// <summary>
    /// Backpropagation with <paramref name="dout"/> = ∂L/∂this tensor arriving from above (as a layer's Backward receives
    /// it): clears the gradient of every tensor in the graph, sets this one's to a copy of dout, then runs each
    /// operation's local backward in reverse topological order, so an operation passes its gradient back only after every
    /// use of its output has added its share.
    /// </summary>
    /// <exception cref="ShapeMismatchException">dout does not have this tensor's shape.</exception>
    public void Backward(Matrix<double> dout)
    {
        ArgumentNullException.ThrowIfNull(dout);
        if (!Shape.Same(dout, Data))
            throw new ShapeMismatchException(
                $"Tensor {Name}: Backward was given dout {Shape.Of(dout)} but the tensor is {Shape.Of(Data)} (dout has the output's shape).");
        var order = TopologicalOrder();
        foreach (var node in order) node._grad = ZerosLike(node.Data);
        _grad = dout.Clone();
        for (var i = order.Count - 1; i >= 0; i--) order[i]._localBackward(order[i]);
    }

    /// <summary>E.g. "Tensor(h: 4×3, op=tanh)".</summary>
    public override string ToString()
    {
        var label = Label.Length > 0 ? Label + ": " : "";
        var op = Op.Length > 0 ? $", op={Op}" : "";
        return $"Tensor({label}{Shape.Of(Data)}{op})";
    }

    // How error messages name this tensor: its label, else its operation, else "(given)".
    private string Name => Label.Length > 0 ? $"'{Label}'" : Op.Length > 0 ? $"from '{Op}'" : "(given)";

    private static Matrix<double> ZerosLike(Matrix<double> like) => Matrix<double>.Build.Dense(like.RowCount, like.ColumnCount);
}
