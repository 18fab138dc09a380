import { lfwImagePath, makeLfwPairs, parseLfwPairs, parseLfwPath } from '../src/lfw.ts';

describe('LFW pairs', () => {
  it('parses the View 2 format into folds and resolves the LFW image layout', () => {
    const text = ['2\t1', 'Ann_A\t1\t2', 'Ann_A\t1\tBob_B\t3', 'Cy_C\t2\t10', 'Cy_C\t4\tDee_D\t1', ''].join('\n');
    expect(parseLfwPairs(text)).toEqual([
      { a: 'images/Ann_A/Ann_A_0001.jpg', b: 'images/Ann_A/Ann_A_0002.jpg', same: true, fold: 0 },
      { a: 'images/Ann_A/Ann_A_0001.jpg', b: 'images/Bob_B/Bob_B_0003.jpg', same: false, fold: 0 },
      { a: 'images/Cy_C/Cy_C_0002.jpg', b: 'images/Cy_C/Cy_C_0010.jpg', same: true, fold: 1 },
      { a: 'images/Cy_C/Cy_C_0004.jpg', b: 'images/Dee_D/Dee_D_0001.jpg', same: false, fold: 1 },
    ]);
  });

  it('rejects a file whose line count does not match its header', () => {
    expect(() => parseLfwPairs('10\t300\nAnn_A\t1\t2\n')).toThrow(/declares/);
  });

  it('round-trips a generated, identity-disjoint pairs file', () => {
    const images = [];
    for (let p = 0; p < 60; p++) for (let i = 1; i <= 3; i++) images.push({ identity: `Person_${p}`, index: i });
    const pairs = parseLfwPairs(makeLfwPairs(images, 3, 5, 1));
    expect(pairs).toHaveLength(3 * 10);
    const foldsOf = new Map<string, Set<number>>();
    for (const p of pairs) {
      for (const f of [p.a, p.b]) {
        const id = parseLfwPath(f)?.identity as string;
        foldsOf.set(id, (foldsOf.get(id) ?? new Set()).add(p.fold));
      }
      expect(p.same).toBe(parseLfwPath(p.a)?.identity === parseLfwPath(p.b)?.identity);
    }
    for (const folds of foldsOf.values()) expect(folds.size).toBe(1);
    expect(lfwImagePath('Person_1', 2)).toBe('images/Person_1/Person_1_0002.jpg');
  });
});
