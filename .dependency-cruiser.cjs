/**
 * The layering `npm run check:layers` holds (CI runs it): libraries serve the services and never reach into
 * them, each service stands alone, and a service's domain is plain TypeScript that no framework or driver
 * reaches, so its rules can be read and unit-tested on their own.
 */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-other-apps',
      comment: 'What services share lives in libs/ (the wire shapes in libs/contracts).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'domain-imports-no-framework-or-driver',
      comment: 'Type-only imports too: a domain type written in the terms of a framework or a driver is not plain.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/domain/' },
      to: {
        path: '(^|/)node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|amqplib/|amqp-connection-manager/|express/|@types/(pg|amqplib|express)/)',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // `#contracts` and the other `#…` imports resolve to the sources through package.json's "types" condition.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
