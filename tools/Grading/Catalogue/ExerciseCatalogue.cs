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
            "644682891a141962dbe8698733911112b4d48e3a0ca64002b05eb73edaecd2e8"),
        new("3.1", "ReLU backward", "03-activation-layers.ipynb",
            "Backprop.Checks.Lesson3Checks.ReluBackward(() => new MyRelu())",
            "71cd417c8f2d61365408078e6b56a514e510c24c58d7e29736f06577d78c776f"),
        new("3.2", "Sigmoid backward", "03-activation-layers.ipynb",
            "Backprop.Checks.Lesson3Checks.SigmoidBackward(() => new MySigmoid())",
            "f68c1c1ee90124451bbfa5aa803164b73af717f5065e77ef1a37de1684fecf9f"),
        new("3.3", "A Tanh layer of your own", "03-activation-layers.ipynb",
            "Backprop.Checks.Lesson3Checks.TanhLayer(() => new MyTanh())",
            "1437bbfbab1d5ddef8cd93582b60737e5bc3c5b481ba0c26bf59d76f176f641f"),
        new("4.1", "Affine backward", "04-affine-layer.ipynb",
            "Backprop.Checks.Lesson4Checks.AffineBackward((w, b) => new MyAffine(w, b))",
            "7b7ad7f403f384402d4662294658fb5b6c5fa8ef062e1b26350ae31374eae047"),
        new("4.2", "Affine forward with a broadcast bias", "04-affine-layer.ipynb",
            "Backprop.Checks.Lesson4Checks.AffineForward(AffineForward)",
            "14454fae2e24d16a058342dbb95b085af3a42390f2d4f54ceab17402ac642c7c"),
        new("5.1", "A stable softmax", "05-softmax-with-loss.ipynb",
            "Backprop.Checks.Lesson5Checks.StableSoftmax(MySoftmax)",
            "d5c51457cab928a81502cfd352ba4a1ae29e8a979c6ee6bf1eb7d9e080daa208"),
        new("5.2", "SoftmaxWithLoss backward", "05-softmax-with-loss.ipynb",
            "Backprop.Checks.Lesson5Checks.SoftmaxWithLossBackward(() => new MySoftmaxWithLoss())",
            "e2cabfaff38be9d28d34627de5f9cb5953e61b52f3a1d905b3395d11abce801f"),
        new("6.1", "TwoLayerNet's gradient from its layers", "06-training.ipynb",
            "Backprop.Checks.Lesson6Checks.NetworkGradient((w1, b1, w2, b2) => new MyTwoLayerNet(w1, b1, w2, b2))",
            "11fd581d34411dc8e88a576adaab12c6a1a85c83a273e295bafc57e7ddb82dd0"),
        new("6.2", "The SGD step", "06-training.ipynb",
            "Backprop.Checks.Lesson6Checks.SgdStep(SgdStep)",
            "59b645e556f080d35567444ced4bab1d47b2f02381698338784d5ff7b192f119"),
        new("6.3", "A numerical gradient", "06-training.ipynb",
            "Backprop.Checks.Lesson6Checks.NumericalGradient(MyNumericalGradient)",
            "b0a6a55d2b313cbd9f644b6ae40e7c62283a1fe6d4e88d37e41abc6c90cc17d1"),
        new("6.4", "A relative-error gradient check", "06-training.ipynb",
            "Backprop.Checks.Lesson6BugHuntChecks.RelativeErrorCheck(RelativeError)",
            "ce4e25af486e080669810b2f534ea525c035541afb7ebbb744b6691c9802b840"),
        new("6.5", "The mended Affine layer", "06-training.ipynb",
            "Backprop.Checks.Lesson6BugHuntChecks.MendedAffine((w, b) => new MendedAffine(w, b))",
            "59fb0186ca9b84a45c44dd678c480b7fecbd15f182cfcf0d34f2dd82b9a5ae53"),
        new("6.6", "The sine regression's forward and backward passes", "06-training.ipynb",
            "Backprop.Checks.Lesson6SineChecks.SineForwardBackward((w1, b1, w2, b2) => new MySineNet(w1, b1, w2, b2))",
            "744443cc75cc703ad4d13b078de238154f9b77d70d1b869b8d9df2ec4873b4b5"),
        new("6.7", "Capstone: a network from your own layers", "06-training.ipynb",
            "Backprop.Checks.Lesson6CapstoneChecks.Capstone((w1, b1, w2, b2) => new MyNet(w1, b1, w2, b2))",
            "caf2fb1c72056a267558a75d51c6bfc166e8029febb1c78dffb906cf796fd5d9",
            TimeLimit: TimeSpan.FromSeconds(120)),
        new("7.1", "Local backwards of ×, tanh and powers", "07-backpropagation-for-any-graph.ipynb",
            "Backprop.Checks.Lesson7Checks.LocalBackwards<Node>(v => new Node(v), Mul, Tanh, Pow)",
            "d7ab68068aae89498944083e92cc7a66d6b705647d0e19e2600c187e32ad0159"),
        new("7.2", "The topological sort", "07-backpropagation-for-any-graph.ipynb",
            "Backprop.Checks.Lesson7Checks.TopologicalSort<Node>((data, inputs) => new Node(data, \"\", inputs), TopologicalOrder)",
            "2791f5791d6f4e606ec8ff616348ee74df4d36d491c59cbc824f5eac20e7393e"),
        new("7.3", "The accumulation bug", "07-backpropagation-for-any-graph.ipynb",
            "Backprop.Checks.Lesson7Checks.AccumulationBug<Node>(GradientError, Mended, v => new Node(v), OldEngine.Plus, OldEngine.Times, OldEngine.Tanh)",
            "0ccf0fa048415d9d49fdc4b2f6df485b6263c36690c91b210d62dd842a5fef38"),
        new("8.1", "Momentum", "08-training-better.ipynb",
            "Backprop.Checks.Lesson8Checks.Momentum((learningRate, momentum) => new MyMomentum(learningRate, momentum))",
            "66d0f29db19479077b9ceed81ff991009afaa4e46a1311c6e6128b22f060aac2"),
        new("8.2", "Adam", "08-training-better.ipynb",
            "Backprop.Checks.Lesson8Checks.Adam((learningRate, beta1, beta2) => new MyAdam(learningRate, beta1, beta2))",
            "ca6f76d315aa950c138652bdceda06c0e80e88d81d28b76eed497aa744da0afd"),
        new("8.3", "He initialisation", "08-training-better.ipynb",
            "Backprop.Checks.Lesson8Checks.HeInitialization(HeInit)",
            "d5b29c3ca0f0a2a18421687d00eef67fcf172d24d8946a3b5ab0c353b2f03033"),
    ];

    /// <summary>The exercise with this id ("3.1"); throws <see cref="KeyNotFoundException"/> naming the known ids.</summary>
    public static ExerciseSpec Get(string id) =>
        All.FirstOrDefault(s => s.Id == id)
        ?? throw new KeyNotFoundException($"no exercise {id} in the catalogue (known: {string.Join(", ", All.Select(s => s.Id))})");
}
