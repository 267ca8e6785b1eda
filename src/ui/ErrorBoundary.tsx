/**
 * A panel that fails shows what failed instead of blanking the page: the visitor's text and the
 * other panels stay usable.
 */
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode; name: string }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <p className="warning" role="alert">
        The {this.props.name} could not be shown ({this.state.error.message}). Your manifests are safe; edit them or pick another tab.
      </p>
    );
  }
}
