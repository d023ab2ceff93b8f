// `npm run manifest` writes custom-elements.json from the elements' class
// JSDoc (@attr, @prop, @fires, @csspart, @cssprop). Storybook's docs pages,
// the README's API section and editors read it, so the JSDoc is the public
// contract.

/**
 * The lit plugin reads every entry of `static properties` as an attribute,
 * including internal state (`{state: true}`, `{attribute: false}`). Drop
 * those, attributes of private fields, and private and protected members
 * (Storybook's docs tables would list them), so the manifest lists only
 * the public contract.
 */
function internalStateIsNotAnAttribute() {
  const internal = new Map(); // class name -> Set of property names
  return {
    name: 'peek-internal-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        const isProperties =
          ts.isPropertyDeclaration(member) &&
          member.name?.getText() === 'properties' &&
          member.initializer &&
          ts.isObjectLiteralExpression(member.initializer);
        if (!isProperties) continue;
        const names = new Set();
        for (const prop of member.initializer.properties) {
          if (!ts.isPropertyAssignment(prop)) continue;
          const options = prop.initializer;
          if (!ts.isObjectLiteralExpression(options)) continue;
          const text = options.getText().replace(/\s/g, '');
          if (/state:true|attribute:false/.test(text)) {
            names.add(prop.name.getText().replace(/['"]/g, ''));
          }
        }
        internal.set(node.name.getText(), names);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const names = internal.get(decl.name) ?? new Set();
          const hidden = new Set(
            (decl.members ?? [])
              .filter((m) => m.privacy && m.privacy !== 'public')
              .map((m) => m.name),
          );
          const keep = (name) => !names.has(name) && !hidden.has(name);
          if (decl.attributes) {
            decl.attributes = decl.attributes.filter((a) => keep(a.fieldName));
          }
          for (const m of decl.members ?? []) {
            if (!keep(m.name)) delete m.attribute;
          }
          if (decl.members) {
            decl.members = decl.members.filter(
              (m) =>
                !hidden.has(m.name) &&
                !m.static &&
                !/^[_#]/.test(m.name),
            );
          }
        }
      }
    },
  };
}

export default {
  globs: ['components/*/*.ts'],
  exclude: ['components/**/*.test.ts', 'components/**/*.stories.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
  plugins: [internalStateIsNotAnAttribute()],
};
