using Course.Grading.ExerciseNotebooks;

namespace Course.Grading.Catalogue;

/// <summary>
/// Keeps the catalogue in step with the notebooks: what solutions/ says it should be (markers give id and title, the
/// stub StubMaker makes gives the stub hash, the check cell gives its hash), field by field differences, and whether
/// the stubs in exercises/ are the ones the catalogue knows.
/// </summary>
public static class CatalogueSync
{
    /// <summary>
    /// The catalogue the solved notebooks in <paramref name="solutionsFolder"/> describe, in course order (notebooks by
    /// name, exercises in cell order), keeping the time limits of <paramref name="current"/>. Throws
    /// <see cref="InvalidDataException"/> naming the notebook and exercise when a solved cell or its check cell is not usable.
    /// </summary>
    public static IReadOnlyList<ExerciseSpec> FromSolutions(string solutionsFolder, IReadOnlyList<ExerciseSpec>? current = null)
    {
        var specs = new List<ExerciseSpec>();
        foreach (var path in Directory.GetFiles(solutionsFolder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var shown = NotebookIntegrity.Shown(solutionsFolder, file);
            var notebook = ExerciseNotebook.Load(path);
            foreach (var marker in notebook.Markers)
            {
                var where = $"{shown}, EXERCISE {marker.Id} (cell {marker.CellNumber})";
                if (specs.Any(s => s.Id == marker.Id)) throw new InvalidDataException($"{where}: EXERCISE {marker.Id} is marked twice in solutions/");
                string stub;
                try { stub = StubMaker.Stub(marker.Code); }
                catch (FormatException e) { throw new InvalidDataException($"{where}: {e.Message}", e); }
                var check = CheckCell.Find(notebook, marker)
                    ?? throw new InvalidDataException($"{where}: no check cell — the first code cell after the exercise cell that calls a check, e.g. `Lesson3Checks.ReluBackward(() => new MyRelu())`");
                specs.Add(new ExerciseSpec(marker.Id, marker.Title, file, CellHash.Of(stub), CellHash.Of(check.Code),
                    current?.FirstOrDefault(s => s.Id == marker.Id)?.TimeLimit));
            }
        }
        return specs;
    }

    /// <summary>
    /// Each difference between <paramref name="catalogue"/> and <paramref name="expected"/> (what <paramref name="source"/>
    /// says), naming the exercise and the field; empty when they agree.
    /// </summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<ExerciseSpec> catalogue, IReadOnlyList<ExerciseSpec> expected, string source)
    {
        var differences = new List<string>();
        foreach (var want in expected)
        {
            if (catalogue.FirstOrDefault(s => s.Id == want.Id) is not { } have)
            {
                differences.Add($"EXERCISE {want.Id} ({want.Title}) is in {source} but not in the catalogue");
                continue;
            }
            void Compare(string field, object? catalogueValue, object? sourceValue)
            {
                if (!Equals(catalogueValue, sourceValue))
                    differences.Add($"EXERCISE {want.Id} {field}: the catalogue has \"{catalogueValue}\", {source} gives \"{sourceValue}\"");
            }
            Compare("title", have.Title, want.Title);
            Compare("notebook", have.Notebook, want.Notebook);
            Compare("stubHash", have.StubHash, want.StubHash);
            Compare("checkCellHash", have.CheckCellHash, want.CheckCellHash);
            Compare("timeLimitSeconds", have.TimeLimit?.TotalSeconds, want.TimeLimit?.TotalSeconds);
        }
        foreach (var extra in catalogue.Where(s => expected.All(e => e.Id != s.Id)))
            differences.Add($"EXERCISE {extra.Id} ({extra.Title}) is in the catalogue but not in {source}");
        var order = catalogue.Select(s => s.Id).Where(id => expected.Any(e => e.Id == id)).ToList();
        var wanted = expected.Select(s => s.Id).Where(id => catalogue.Any(c => c.Id == id)).ToList();
        if (!order.SequenceEqual(wanted))
            differences.Add($"the order: the catalogue has {string.Join(", ", order)}, {source} gives {string.Join(", ", wanted)}");
        return differences;
    }

    /// <summary>
    /// Where the untouched exercise notebooks in <paramref name="folder"/> (exercises/ as committed) disagree with
    /// <paramref name="catalogue"/>: a marker, an exercise cell that is not the stub, a check cell not the catalogue's.
    /// </summary>
    public static IReadOnlyList<string> StubProblems(string folder, IReadOnlyList<ExerciseSpec> catalogue)
    {
        var problems = NotebookIntegrity.Problems(folder, catalogue).ToList();
        if (problems.Count > 0) return problems;
        foreach (var group in catalogue.GroupBy(s => s.Notebook))
        {
            var shown = NotebookIntegrity.Shown(folder, group.Key);
            var notebook = ExerciseNotebook.Load(Path.Combine(folder, group.Key));
            foreach (var spec in group)
            {
                var marker = notebook.Markers.Single(m => m.Id == spec.Id);
                if (marker.Title != spec.Title)
                    problems.Add($"{shown}, EXERCISE {spec.Id} title: the catalogue has \"{spec.Title}\", the marker says \"{marker.Title}\"");
                if (CellHash.Of(marker.Code) != spec.StubHash)
                    problems.Add($"{shown}, EXERCISE {spec.Id} stubHash: the catalogue has \"{spec.StubHash}\", the exercise cell (cell {marker.CellNumber}) hashes to \"{CellHash.Of(marker.Code)}\" — is it the stub StubMaker makes from solutions/?");
                if (CheckCell.Find(notebook, marker) is not { } check)
                    problems.Add($"{shown}, EXERCISE {spec.Id} checkCellHash: no check cell under the exercise cell");
                else if (CellHash.Of(check.Code) != spec.CheckCellHash)
                    problems.Add($"{shown}, EXERCISE {spec.Id} checkCellHash: the catalogue has \"{spec.CheckCellHash}\", the check cell (cell {check.Number}) hashes to \"{CellHash.Of(check.Code)}\"");
            }
        }
        return problems;
    }
}
