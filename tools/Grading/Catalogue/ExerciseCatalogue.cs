namespace Course.Grading.Catalogue;

/// <summary>
/// Every graded exercise, in course order. Adding one: a check method in lib/Checks, an entry here, the cells in
/// exercises/ and solutions/ (exercises/README.md has the recipe). The stub hash is what the integrity tests print
/// when it is out of date.
/// </summary>
public static class ExerciseCatalogue
{
    /// <summary>All exercises.</summary>
    public static IReadOnlyList<ExerciseSpec> All { get; } =
    [
        new("1.1", "Backward through the apple graph", "01-computational-graphs.ipynb",
            "Backprop.Checks.Lesson1Checks.AppleGraphBackward(AppleBackward)",
            "69761b48dcef8f5aaa8a80acf174c59b72ad0600f17a07dffcad90d79bf51f4b"),
        new("1.2", "The chain rule on z = (x + y)²", "01-computational-graphs.ipynb",
            "Backprop.Checks.Lesson1Checks.SquareOfSumBackward(SquareOfSumBackward)",
            "b843c9f416fb33947c006a6e6698d3128be4dc9133fd8119f090072b8c614a36"),
        new("2.1", "MulLayer backward", "02-multiply-and-add-layers.ipynb",
            "Backprop.Checks.Lesson2Checks.MulLayerBackward(() => new MyMulLayer())",
            "2344331de3bc60771a5aa1b57c30570a9275d3f6a4aab57fec8a4eba58d44a90"),
        new("2.2", "AddLayer backward", "02-multiply-and-add-layers.ipynb",
            "Backprop.Checks.Lesson2Checks.AddLayerBackward(() => new MyAddLayer())",
            "dc2aaa834a546eeebf27452497216b6ccd3f114240fc9f98fc4da31e3460d8e6"),
        new("2.3", "A division layer of your own", "02-multiply-and-add-layers.ipynb",
            "Backprop.Checks.Lesson2Checks.DivLayer(() => new MyDivLayer())",
            "6cc42bb735b35ec13acd383a9a4224ebb01a66aed54377a587032cedc55dc6c2"),
        new("3.1", "ReLU backward", "03-activation-layers.ipynb",
            "Backprop.Checks.Lesson3Checks.ReluBackward(() => new MyRelu())",
            "0317cb3edc4fa486280fec65105d25c949b1936972bd054a6ccc93fcf40c4096"),
        new("3.2", "Sigmoid backward", "03-activation-layers.ipynb",
            "Backprop.Checks.Lesson3Checks.SigmoidBackward(() => new MySigmoid())",
            "8c2a3dfa3c52a772bb381b252199295fe6d2df40317bc2b45217809a7ba3df68"),
        new("3.3", "A Tanh layer of your own", "03-activation-layers.ipynb",
            "Backprop.Checks.Lesson3Checks.TanhLayer(() => new MyTanh())",
            "050eccd71a6f0b8653294dadaa651961b331103462042dc939c82e2104180ed5"),
        new("4.1", "Affine backward", "04-affine-layer.ipynb",
            "Backprop.Checks.Lesson4Checks.AffineBackward((w, b) => new MyAffine(w, b))",
            "78cb4949d47e511abf19692c3dbe6fab04ae0c165a638280dfdbb7043deda76a"),
        new("4.2", "Affine forward with a broadcast bias", "04-affine-layer.ipynb",
            "Backprop.Checks.Lesson4Checks.AffineForward(AffineForward)",
            "14454fae2e24d16a058342dbb95b085af3a42390f2d4f54ceab17402ac642c7c"),
        new("5.1", "A stable softmax", "05-softmax-with-loss.ipynb",
            "Backprop.Checks.Lesson5Checks.StableSoftmax(MySoftmax)",
            "d5c51457cab928a81502cfd352ba4a1ae29e8a979c6ee6bf1eb7d9e080daa208"),
        new("5.2", "SoftmaxWithLoss backward", "05-softmax-with-loss.ipynb",
            "Backprop.Checks.Lesson5Checks.SoftmaxWithLossBackward(() => new MySoftmaxWithLoss())",
            "b04f838cad6ac67a4561be7355d3914586d669fb9895fea02885067c53d22762"),
        new("6.1", "TwoLayerNet's gradient from its layers", "06-training.ipynb",
            "Backprop.Checks.Lesson6Checks.NetworkGradient((w1, b1, w2, b2) => new MyTwoLayerNet(w1, b1, w2, b2))",
            "11fd581d34411dc8e88a576adaab12c6a1a85c83a273e295bafc57e7ddb82dd0"),
        new("6.2", "The SGD step", "06-training.ipynb",
            "Backprop.Checks.Lesson6Checks.SgdStep(SgdStep)",
            "1184e918dcf753ee1fcbea75b2dae36046adee7721541553c28319f666b5daaa"),
        new("6.3", "A numerical gradient", "06-training.ipynb",
            "Backprop.Checks.Lesson6Checks.NumericalGradient(MyNumericalGradient)",
            "0d293994dc354fd50e90e292680efcf218aa5bded917c1d3e962ea52533c5790"),
    ];

    /// <summary>The exercise with this id ("3.1"); throws <see cref="KeyNotFoundException"/> naming the known ids.</summary>
    public static ExerciseSpec Get(string id) =>
        All.FirstOrDefault(s => s.Id == id)
        ?? throw new KeyNotFoundException($"no exercise {id} in the catalogue (known: {string.Join(", ", All.Select(s => s.Id))})");
}
