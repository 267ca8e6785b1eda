/**
 * The flow picker's "pod → name": a name (a suggestion or anything typed) and a port; the flow
 * sends the source's DNS questions first, then connects to the answer (traced in the worker).
 */
import { useState } from 'react';
import { LOOKUP_NAME } from '../core/flows.ts';
import type { NamespaceId } from '../core/namespace-id.ts';
import type { TraceRequest } from '../core/trace/index.ts';
import { words, type Language } from '../i18n/words.ts';

interface Props {
  readonly language: Language;
  /** The picker's source (a pod's resolv.conf is what is asked). */
  readonly from: NamespaceId | undefined;
  readonly flow: TraceRequest | undefined;
  readonly names: readonly string[];
  onFlow(flow: TraceRequest): void;
}

/** Keyed by the flow's name (see PacketPanel): a flow to a name chosen elsewhere (a link) starts it afresh. */
export function NameFlowPicker({ language, from, flow, names, onFlow }: Props) {
  const t = words(language).ui;
  const [name, setName] = useState(flow?.name ?? '');
  const [port, setPort] = useState(flow?.name ? flow.to.port : 80);
  const typed = name.trim();
  const ok = from !== undefined && LOOKUP_NAME.test(typed) && Number.isInteger(port) && port >= 1 && port <= 65535;
  return (
    <form
      className="name-flow"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) onFlow({ from, to: { ip: '', port }, proto: 'tcp', name: typed });
      }}
    >
      <label>
        {t.lookupName}
        <input
          aria-label={t.a11yLookupName}
          list="lookup-names"
          value={name}
          placeholder={t.lookupNameHint}
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <datalist id="lookup-names">
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <label>
        {t.lookupPort}
        <input type="number" min={1} max={65535} value={port} onChange={(e) => setPort(Number(e.target.value))} />
      </label>
      <button type="submit" disabled={!ok}>
        {t.lookUp}
      </button>
    </form>
  );
}
