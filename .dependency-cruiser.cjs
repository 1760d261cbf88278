/**
 * The folder READMEs' "May import / Must never" lines, checked: `npm run lint:deps` (part of `npm run lint`,
 * which `npm test` runs first). Each README names the rule below that enforces it. A rule lists what a
 * folder must not reach; an exception is an explicit path with its reason, never a wildcard.
 *
 * What is checked is what runs: TypeScript 7 has no JavaScript API for dependency-cruiser, so Babel strips the
 * types first (.dependency-cruiser.babel.json, onlyRemoveTypeImports) and every value import stays. An
 * `import type` is therefore free here; Biome's useImportType makes sure an import used only for types says so,
 * and Biome's noImportCycles (types included, biome.jsonc) refuses circles of type imports too.
 */

/** The modules the page may load at run time: pure, no Node, no I/O (they end up in the UI bundle). */
const RENDERER_PURE = [
  // electron/contract.ts and contracts/define.ts: `import type` only (a value import would pull zod into the page).
  '^electron/contracts/limits\\.ts$',
  '^electron/core/auth/roles\\.ts$',
  '^electron/core/rome-time\\.ts$',
  '^electron/core/pagopa/format\\.ts$',
  '^electron/core/pagopa/nav\\.ts$',
  '^electron/core/forms/dates\\.ts$',
  '^electron/core/forms/times\\.ts$',
  '^electron/core/forms/amounts\\.ts$',
  '^electron/core/anagrafe/code-tables\\.ts$',
];
/** What those pure modules may import in turn (so what the page loads stays pure). */
const PURE_CLOSURE = [...RENDERER_PURE, '^electron/core/errors\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'clock-stands-alone',
      comment: 'clock/README.md: the injectable clock imports nothing of the project (host, simulators and page all use it).',
      severity: 'error',
      from: { path: '^clock/' },
      to: { path: '^(electron|renderer|simulators|native|scripts|bin|test|bench|scenario)/' },
    },
    // ---- the whole tree -------------------------------------------------------------------------
    {
      name: 'no-circular',
      comment: 'No import circles: each module can be read (and loaded) before what depends on it.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-main-and-preload-import-electron',
      comment:
        'electron/README.md: only electron/main.ts and electron/preload.ts import `electron`; everything else runs in plain Node too.',
      severity: 'error',
      from: { pathNot: '^electron/(main|preload)\\.ts$' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'declared-packages-only',
      comment: 'package.json declares every package the code imports (an undeclared one works only by hoisting luck).',
      severity: 'error',
      from: { path: '^(electron|renderer|native|simulators|bin|scripts)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'run-time-code-uses-dependencies',
      comment:
        'The Electron main process and the browser-mode back end (electron/, native/, and simulators/ in demo mode) load their ' +
        'packages from the installed node_modules, so they may import only `dependencies` (`npm ls --omit=dev`). The renderer ' +
        'is bundled by Vite and takes its packages from devDependencies. `electron` is the runtime itself (electron-builder wants ' +
        'it in devDependencies). simulators/demo-pki-worker.mjs runs only from source (tests, benches), through tsx: the ' +
        'bundle runs demo-pki-worker.bundle.ts instead.',
      severity: 'error',
      from: { path: '^(electron|native|simulators)/', pathNot: '^simulators/demo-pki-worker\\.mjs$' },
      to: { dependencyTypes: ['npm-dev', 'npm-optional', 'npm-peer'], pathNot: '(^|/)node_modules/electron/' },
    },
    {
      name: 'preload-loads-only-electron-and-the-channels',
      comment:
        'electron/README.md: the sandboxed preload imports `electron` and electron/ipc-channels.ts (constants the build copies in: ' +
        'vite.electron.config.ts), nothing else.',
      severity: 'error',
      from: { path: '^electron/preload\\.ts$' },
      to: { pathNot: ['(^|/)node_modules/electron/', '^electron/ipc-channels\\.ts$'] },
    },
    {
      name: 'ipc-channels-import-nothing',
      comment: 'electron/README.md: the IPC channel names are constants that import nothing (the preload copies them in).',
      severity: 'error',
      from: { path: '^electron/ipc-channels\\.ts$' },
      to: {},
    },
    {
      name: 'app-never-imports-tests',
      comment: 'test/README.md, bench/README.md: tests and benches import the app, never the other way round.',
      severity: 'error',
      from: { path: '^(electron|renderer|native|simulators)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'scenario-uses-test-support-only',
      comment: "scenario/README.md: the day's scenario reuses test/support (serve, browser, tmp, the simulator process), no test itself.",
      severity: 'error',
      from: { path: '^scenario/' },
      to: { path: ['^test/(?!support/)', '^bench/'] },
    },
    {
      name: 'app-imports-only-the-days-script',
      comment:
        'electron/README.md, scenario/README.md: the back end imports from scenario/ only in procedures/demo*.ts ("Giornata ' +
        'dimostrativa") and rehearsal.ts (the start-up rehearsal).',
      severity: 'error',
      from: {
        path: '^(electron|renderer|native|simulators)/',
        pathNot: '^electron/(procedures/demo|procedures/demo-visits|rehearsal)\\.ts$',
      },
      to: { path: '^scenario/' },
    },
    {
      name: 'the-days-script-only',
      comment: 'scenario/README.md: of scenario/, the back end may import script.ts and residents.ts only (run.ts drives a browser).',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^scenario/', pathNot: '^scenario/(script|residents)\\.ts$' },
    },

    // ---- electron/core ----------------------------------------------------------------------------
    {
      name: 'core-imports-no-outer-layer',
      comment:
        'electron/core/README.md: core imports no platform, host, handler, contract, shell or admin module, and never the renderer, ' +
        'native/ or a simulator (platforms/ and native/ do I/O behind interfaces declared in core).',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: {
        path: [
          '^electron/(platforms|host|procedures|admin|security|contracts)/',
          '^electron/(app|contract|main|preload|serve|demo|rehearsal|paths|chromium-features)\\.ts$',
          '^(renderer|native|simulators|scenario)/',
        ],
      },
    },
    {
      name: 'store-imports-only-its-foundations',
      comment:
        "electron/core/store/README.md: the store imports core/errors and, in migrations.ts only, each room's schema module " +
        '(the settings, operators and login-throttle tables are declared beside their code, in settings/settings.ts, auth/operators.ts and auth/login-throttle.ts).',
      severity: 'error',
      from: { path: '^electron/core/store/' },
      to: {
        path: '^electron/core/',
        pathNot: [
          '^electron/core/store/',
          '^electron/core/errors\\.ts$',
          '^electron/core/[a-z]+/schema\\.ts$',
          '^electron/core/(settings/settings|auth/operators|auth/login-throttle)\\.ts$',
        ],
      },
    },
    {
      name: 'store-schemas-through-migrations-only',
      comment: "electron/core/store/README.md: only migrations.ts knows the rooms' schema modules.",
      severity: 'error',
      from: { path: '^electron/core/store/', pathNot: '^electron/core/store/migrations\\.ts$' },
      to: {
        path: ['^electron/core/[a-z]+/schema\\.ts$', '^electron/core/(settings/settings|auth/operators)\\.ts$'],
        pathNot: '^electron/core/store/',
      },
    },
    {
      name: 'card-room-stands-alone',
      comment:
        'electron/core/card/README.md: the card room imports only ../errors among our modules (it talks to a card through reader.ts).',
      severity: 'error',
      from: { path: '^electron/core/card/' },
      to: {
        path: '^(electron|renderer|native|simulators)/',
        pathNot: ['^electron/core/card/', '^electron/core/errors\\.ts$', '^electron/core/zod\\.ts$'],
      },
    },
    {
      name: 'comune-room-imports-only-its-foundations',
      comment:
        "electron/core/comune/README.md: the Comune's settings import core/store (types) and core/errors only; every room may read " +
        'the Comune, so the Comune reads no room.',
      severity: 'error',
      from: { path: '^electron/core/comune/' },
      to: {
        path: '^electron/core/',
        pathNot: ['^electron/core/comune/', '^electron/core/store/types\\.ts$', '^electron/core/errors\\.ts$'],
      },
    },
    {
      name: 'io-room-stays-apart',
      comment:
        'electron/core/io/README.md: the IO room reads no other room (core/cie and core/pagopa call in with plain facts); ' +
        'it uses only the foundations: store, audit, errors, settings, sync, forms, rome-time, zod.',
      severity: 'error',
      from: { path: '^electron/core/io/' },
      to: {
        path: '^electron/core/',
        pathNot: ['^electron/core/io/', '^electron/core/(store|audit|settings|sync|forms)/', '^electron/core/(errors|rome-time|zod)\\.ts$'],
      },
    },
    {
      name: 'platform-io-knows-only-the-message',
      comment:
        'electron/platforms/io/README.md: the IO adapter imports core/io/model, core/sync/types and platforms/tls only (settings reach it through wiring.ts).',
      severity: 'error',
      from: { path: '^electron/platforms/io/' },
      to: {
        path: '^electron/',
        pathNot: [
          '^electron/platforms/io/',
          '^electron/platforms/tls\\.ts$',
          '^electron/core/io/model\\.ts$',
          '^electron/core/sync/types\\.ts$',
          '^electron/core/zod\\.ts$',
          '^electron/core/forms/input-messages\\.ts$',
        ],
      },
    },
    {
      name: 'stats-reads-only-what-it-counts',
      comment:
        'electron/core/stats/README.md: the figures room imports the store types, the audit log (its export entry), the Comune ' +
        "(publisher), the pratiche's codes and titles, rome-time and errors; never a room's writing modules, the queue or print.",
      severity: 'error',
      from: { path: '^electron/core/stats/' },
      to: {
        path: '^electron/core/',
        pathNot: [
          '^electron/core/stats/',
          '^electron/core/store/types\\.ts$',
          '^electron/core/audit/log\\.ts$',
          '^electron/core/comune/settings\\.ts$',
          '^electron/core/settings/workstation\\.ts$',
          '^electron/core/settings/hub\\.ts$',
          '^electron/core/anagrafe/pratica-model\\.ts$',
          '^electron/core/(rome-time|errors|zod)\\.ts$',
        ],
      },
    },
    {
      name: 'print-touches-no-database',
      comment: 'electron/core/print/README.md: printing never touches the database or the queue (it takes data, returns a PDF).',
      severity: 'error',
      from: { path: '^electron/core/print/' },
      to: { path: '^electron/core/(store|sync|audit|auth|settings)/' },
    },

    // ---- the rest of electron/ --------------------------------------------------------------------
    {
      name: 'platforms-stay-below-the-procedures',
      comment: 'electron/platforms/README.md: adapters import core rooms, never the procedures, hosts, contract or shell.',
      severity: 'error',
      from: { path: '^electron/platforms/' },
      to: {
        path: [
          '^electron/(host|procedures|admin|contracts)/',
          '^electron/(app|contract|main|preload|serve|rehearsal)\\.ts$',
          '^(renderer|native|simulators|scenario)/',
        ],
      },
    },
    {
      name: 'hub-speaks-only-to-postgres',
      comment:
        'electron/platforms/hub/README.md: the Comune hub imports core rooms, platforms/tls.ts, pg and node built-ins; never another ' +
        "platform's adapter or the wiring.",
      severity: 'error',
      from: { path: '^electron/platforms/hub/' },
      to: { path: '^electron/platforms/(?!hub/|tls\\.ts$)' },
    },
    {
      name: 'host-only-dispatches',
      comment:
        'electron/host/README.md: a host imports the app, the contract, core/errors, ws and node built-ins; it reaches procedures only ' +
        'through dispatch.',
      severity: 'error',
      from: { path: '^electron/host/' },
      to: { path: ['^electron/(procedures|platforms|admin)/', '^electron/core/(?!errors\\.ts$)', '^(renderer|native|simulators)/'] },
    },
    {
      name: 'procedures-below-the-hosts',
      comment:
        'electron/procedures/README.md: procedures import core rooms, platforms/wiring and the contracts; never a host, the shell or an ' +
        'adapter. One door: procedures/card.ts opens the PC/SC reader (native/pcsc-reader.ts) on first use; it belongs in the wiring.',
      severity: 'error',
      from: { path: '^electron/procedures/', pathNot: '^electron/procedures/card\\.ts$' },
      to: {
        path: [
          '^electron/(host|admin)/',
          '^electron/(main|preload|serve)\\.ts$',
          '^electron/platforms/(?!wiring\\.ts$)',
          '^(renderer|native|simulators)/',
        ],
      },
    },
    {
      name: 'card-procedure-reaches-only-the-reader',
      comment: 'electron/procedures/README.md: the door above opens on native/pcsc-reader.ts only.',
      severity: 'error',
      from: { path: '^electron/procedures/card\\.ts$' },
      to: {
        path: [
          '^electron/(host|admin)/',
          '^electron/(main|preload|serve)\\.ts$',
          '^electron/platforms/(?!wiring\\.ts$)',
          '^(renderer|simulators)/',
        ],
      },
    },
    {
      name: 'contracts-hold-no-behaviour',
      comment:
        'electron/contracts/README.md: the contract imports zod (through core/zod), define.ts and core types and constants; never ' +
        'behaviour.',
      severity: 'error',
      from: { path: ['^electron/contracts/', '^electron/contract\\.ts$'] },
      to: {
        path: [
          '^electron/(host|procedures|platforms|admin)/',
          '^electron/(app|main|preload|serve|demo|rehearsal)\\.ts$',
          '^electron/core/(store|sync|audit)/',
        ],
      },
    },
    {
      name: 'admin-uses-core-only',
      comment:
        'electron/admin/README.md: the admin CLI imports core rooms, paths.ts and the Comune hub (platforms/hub: `hub init`, `hub code`), ' +
        "not the procedures, hosts or the national platforms' adapters.",
      severity: 'error',
      from: { path: '^electron/admin/' },
      to: {
        path: [
          '^electron/(host|procedures|contracts)/',
          '^electron/platforms/(?!hub/)',
          '^electron/(app|contract|main|preload|serve)\\.ts$',
        ],
      },
    },
    {
      name: 'security-imports-nothing',
      comment: 'electron/security/README.md: the window options and the CSP are constants that import nothing of ours.',
      severity: 'error',
      from: { path: '^electron/security/' },
      to: { path: '^(electron|renderer|native|simulators)/', pathNot: '^electron/security/' },
    },
    {
      name: 'electron-runs-no-simulator',
      comment:
        'simulators/README.md: Sportello reaches the platforms over HTTP only. The one door: demo mode starts the simulated platforms ' +
        'in-process, so electron/main.ts and electron/serve.ts may import simulators/demo.ts (see demo-door-is-simulators-demo).',
      severity: 'error',
      from: { path: '^(electron|renderer|native)/', pathNot: '^electron/(main|serve)\\.ts$' },
      to: { path: '^simulators/' },
    },
    {
      name: 'demo-door-is-simulators-demo',
      comment:
        'simulators/README.md: electron/main.ts and electron/serve.ts reach the simulators only through simulators/demo.ts (demo mode).',
      severity: 'error',
      from: { path: '^electron/(main|serve)\\.ts$' },
      to: { path: '^simulators/', pathNot: '^simulators/demo\\.ts$' },
    },
    {
      name: 'native-implements-the-reader-only',
      comment:
        'native/README.md: the PC/SC reader imports smartcard, node built-ins and electron/core/card/reader.ts (the interface it implements).',
      severity: 'error',
      from: { path: '^native/' },
      to: { path: '^(electron|renderer|simulators)/', pathNot: '^electron/core/card/reader\\.ts$' },
    },

    // ---- renderer/ --------------------------------------------------------------------------------
    {
      name: 'renderer-only-contract-and-pure-modules',
      comment:
        "renderer/README.md: the page takes from electron/ the contract's types (`import type`) and loads only contracts/limits, the " +
        "roles, the Rome clock, the pagoPA format/nav helpers, the form parsers and ANPR's code tables, all pure.",
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/', pathNot: RENDERER_PURE },
    },
    {
      name: 'renderer-pure-modules-stay-pure',
      comment: 'renderer/README.md: what the page may load from electron/ imports only other such pure modules (no Node, no I/O).',
      severity: 'error',
      from: { path: PURE_CLOSURE },
      to: { pathNot: PURE_CLOSURE },
    },
    {
      name: 'renderer-no-node',
      comment: 'renderer/README.md: the page never imports Node modules.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-back-end-folders',
      comment: 'renderer/README.md: the page never imports native/, a simulator, the scenario, bin/ or scripts/.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(native|simulators|scenario|bin|scripts)/' },
    },
    {
      name: 'components-below-screens',
      comment: 'renderer/components/README.md: components import react, renderer/api, the session store and messages, never a screen.',
      severity: 'error',
      from: { path: '^renderer/components/' },
      to: { path: ['^renderer/screens/', '^renderer/stores/(?!session\\.ts$)'] },
    },
    {
      name: 'stores-below-screens',
      comment: 'renderer/stores/README.md: stores import zustand and renderer/api only.',
      severity: 'error',
      from: { path: '^renderer/stores/' },
      to: { path: '^renderer/', pathNot: ['^renderer/stores/', '^renderer/api\\.ts$'] },
    },
    {
      name: 'messages-import-nothing',
      comment: 'renderer/messages/README.md: the texts import nothing but each other (a translation replaces the folder).',
      severity: 'error',
      from: { path: '^renderer/messages/' },
      to: { path: '^(renderer|electron)/', pathNot: '^renderer/messages/' },
    },

    // ---- simulators/ ------------------------------------------------------------------------------
    {
      name: 'simulators-no-client-code',
      comment:
        "simulators/README.md: a simulator speaks the public protocol and never imports Sportello's client code, so it catches " +
        "the client's mistakes. The exceptions are each folder README's, listed here and in the sim-* rules below.",
      severity: 'error',
      from: { path: '^simulators/' },
      to: {
        path: '^(electron|renderer|native)/',
        pathNot: [
          '^electron/core/cie/types\\.ts$', // sim-agenda: the booking shapes
          '^electron/core/card/reader\\.ts$', // sim-cie-card: the Reader interface the in-process reader implements, and its ReaderError
        ],
      },
    },
    {
      name: 'sim-gpd-speaks-only-gpd',
      comment: 'simulators/gpd/README.md: the GPD simulator imports node built-ins and simulators/types only.',
      severity: 'error',
      from: { path: '^simulators/gpd/' },
      to: { path: '^(electron|renderer|native)/' },
    },
    {
      name: 'sim-io-speaks-only-io',
      comment:
        "simulators/io/README.md: the IO simulator imports node built-ins, simulators/types, js-yaml and ajv only (it reads IO's " +
        'OpenAPI itself); nothing of electron/, renderer/ or native/, so it shares no code with the IO adapter.',
      severity: 'error',
      from: { path: '^simulators/io/' },
      to: { path: ['^(electron|renderer|native)/', '^simulators/(?!types\\.ts$|io/)'] },
    },
    {
      name: 'sim-agenda-shapes-only',
      comment: 'simulators/agenda/README.md: the booking system imports electron/core/cie/types (shapes only).',
      severity: 'error',
      from: { path: '^simulators/agenda/' },
      to: { path: '^(electron|renderer|native)/', pathNot: '^electron/core/cie/types\\.ts$' },
    },
    {
      name: 'sim-anpr-own-code-only',
      comment:
        'simulators/anpr/README.md: the ANPR simulator reads, answers and checks signatures with its own code and its own service ' +
        'table (written from the WSDL/XSD); it imports nothing of electron/, renderer/ or native/ (the pre-stop grep and test/unit/anpr/simulator-imports.test.ts catch type imports too).',
      severity: 'error',
      from: { path: '^simulators/anpr/' },
      to: { path: '^(electron|renderer|native)/' },
    },
    {
      name: 'simulators-no-platform-code',
      comment:
        "simulators/README.md: no simulator imports a platform adapter's code (electron/platforms/**). demo.ts may take one type, " +
        'PlatformEndpoints, from platforms/wiring: an `import type` is erased before this check (see the top of this file).',
      severity: 'error',
      from: { path: '^simulators/' },
      to: { path: '^electron/platforms/' },
    },
    {
      name: 'sim-cie-card-own-protocol-code',
      comment:
        'simulators/cie-card/README.md: the virtual CIE has its own APDU codec, TLV, secure messaging, crypto and PACE, written from ' +
        "ICAO 9303-11, ISO 7816-4 and BSI TR-03110, so it can catch the client's mistakes. It imports no run-time code of the client; " +
        '`import type` is free (types are stripped before this check).',
      severity: 'error',
      from: { path: '^simulators/cie-card/', pathNot: '^simulators/cie-card/in-process-reader\\.ts$' },
      to: { path: '^(electron|renderer|native)/' },
    },
    {
      name: 'sim-cie-card-reader-interface-only',
      comment:
        'simulators/cie-card/README.md: in-process-reader.ts implements electron/core/card/reader.ts (the interface a PC/SC driver ' +
        'implements, like native/) and throws its ReaderError, the class the card code recognises with instanceof; nothing else.',
      severity: 'error',
      from: { path: '^simulators/cie-card/in-process-reader\\.ts$' },
      to: { path: '^(electron|renderer|native)/', pathNot: '^electron/core/card/reader\\.ts$' },
    },

    // ---- scripts/ ---------------------------------------------------------------------------------
    {
      name: 'scripts-import-nothing-of-the-app',
      comment: 'scripts/README.md: set-up scripts import nothing from the app.',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^(electron|renderer|native|simulators)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-electron|release)/' },
    // TypeScript 7 has no JavaScript API, so Babel strips the types (keeping every value import).
    babelConfig: { fileName: '.dependency-cruiser.babel.json' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
