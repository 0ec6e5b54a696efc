// vcsim-balloon: VMware's vSphere API simulator (govmomi's vcsim) with
// balloon and swap metrics injected, for balloontop's live-host tests and
// benchmark.
//
// It starts the simulator (ESX or vCenter model) on a loopback address,
// prints ONE JSON line on stdout ({"url": ..., "ca": ..., "vms": [...]})
// and then serves until stdin is closed or it gets SIGTERM. Lines on stdin
// change it while it runs:
//
//	delay METHOD MS   delay every call of a SOAP method (a slow server)
//	quit              stop
//
// What is injected, and why it is not stock vcsim:
//   - Every VM gets deterministic memory counters that depend on its index
//     (VMs sorted by name; printed in the JSON line for small inventories).
//     Stock vcsim serves the same series to every VM, with gaussian noise,
//     which no test can check. The values are served through vcsim's own
//     QueryPerf (sample info, intervals, newest-first order, its XML
//     encoding that drops zero values); only the numbers are replaced.
//   - QueryPerf on a deleted entity answers ManagedObjectNotFound, as a real
//     host does (stock vcsim invents data for it).
//   - RetrievePropertiesEx honours options.maxObjects with a token and
//     ContinueRetrievePropertiesEx, as vCenter does (vcsim 0.24 never pages).
//   - -user/-password make the session manager accept only that login
//     (stock vcsim accepts any non-empty one).
//
// Build in GOPATH mode with Debian's golang-github-vmware-govmomi-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o vcsim-balloon main.go
package main

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// vmProfile is what a VM reports, in the API's units (KB, KB/s).
type vmProfile struct {
	Name        string `json:"name"`
	Ref         string `json:"ref"`
	Host        string `json:"host"`
	MemoryMB    int32  `json:"memoryMB"`
	Tools       bool   `json:"toolsRunning"`
	BalloonKB   int64  `json:"balloonKB"`
	BalloonTgt  int64  `json:"balloonTargetKB"`
	SwappedKB   int64  `json:"swappedKB"`
	SwapTgtKB   int64  `json:"swapTargetKB"` // -1: the server has no data
	SwapInKBps  int64  `json:"swapInKBps"`
	SwapOutKBps int64  `json:"swapOutKBps"`
	Compressed  int64  `json:"compressedKB"`
	ConsumedKB  int64  `json:"consumedKB"`
	GrantedKB   int64  `json:"grantedKB"`
	ActiveKB    int64  `json:"activeKB"`
}

type hostProfile struct {
	Name      string `json:"name"`
	Ref       string `json:"ref"`
	Cluster   string `json:"cluster"`
	State     int64  `json:"state"`
	BalloonKB int64  `json:"balloonKB"`
	SwapUsed  int64  `json:"swapUsedKB"`
	SwapInKB  int64  `json:"swapInKBps"`
	SwapOutKB int64  `json:"swapOutKBps"`
	Compress  int64  `json:"compressedKB"`
}

func profileFor(i int, memoryMB int32) vmProfile {
	p := vmProfile{MemoryMB: memoryMB, Tools: i != 0}
	if i == 0 {
		// No Tools: no balloon; everything reclaimed is swapped. Zero balloon
		// values are dropped from vcsim's <value> lists (its XML quirk).
		p.SwappedKB = 200 * 1024
		p.SwapTgtKB = 256 * 1024
		p.SwapInKBps = 512
		p.SwapOutKBps = 1024
	} else {
		p.BalloonKB = int64(i%4+1) * 128 * 1024
		p.BalloonTgt = p.BalloonKB + 64*1024
		p.SwappedKB = int64(i%3) * 32 * 1024
		p.SwapTgtKB = p.SwappedKB
		if i == 1 {
			p.SwapTgtKB = -1
		}
		p.SwapInKBps = int64(i % 3 * 100)
		p.SwapOutKBps = int64(i % 3 * 200)
		p.Compressed = int64(i%2) * 16 * 1024
	}
	p.GrantedKB = int64(memoryMB) * 1024
	p.ConsumedKB = p.GrantedKB * 3 / 4
	p.ActiveKB = p.GrantedKB / 4
	return p
}

var (
	mu       sync.Mutex
	vmByRef  = map[string]*vmProfile{}
	hostByRf = map[string]*hostProfile{}
	keyName  = map[int32]string{}
)

func (p *vmProfile) value(counter string) (int64, bool) {
	switch counter {
	case "mem.vmmemctl.average":
		return p.BalloonKB, true
	case "mem.vmmemctltarget.average":
		return p.BalloonTgt, true
	case "mem.swapped.average":
		return p.SwappedKB, true
	case "mem.swaptarget.average":
		return p.SwapTgtKB, true
	case "mem.swapinRate.average":
		return p.SwapInKBps, true
	case "mem.swapoutRate.average":
		return p.SwapOutKBps, true
	case "mem.compressed.average":
		return p.Compressed, true
	case "mem.consumed.average":
		return p.ConsumedKB, true
	case "mem.granted.average":
		return p.GrantedKB, true
	case "mem.active.average":
		return p.ActiveKB, true
	}
	return 0, false
}

func (p *hostProfile) value(counter string) (int64, bool) {
	switch counter {
	case "mem.state.latest":
		return p.State, true
	case "mem.vmmemctl.average":
		return p.BalloonKB, true
	case "mem.swapused.average":
		return p.SwapUsed, true
	case "mem.swapinRate.average":
		return p.SwapInKB, true
	case "mem.swapoutRate.average":
		return p.SwapOutKB, true
	case "mem.compressed.average":
		return p.Compress, true
	}
	return 0, false
}

// perfManager is vcsim's PerformanceManager with per-entity values (embedded
// by value: vcsim's property collector digs the mo type out of field 0).
type perfManager struct {
	simulator.PerformanceManager
}

func (m *perfManager) QueryPerf(ctx *simulator.Context, req *types.QueryPerf) soap.HasFault {
	for _, qs := range req.QuerySpec {
		if simulator.Map.Get(qs.Entity) == nil {
			body := new(methods.QueryPerfBody)
			body.Fault_ = simulator.Fault("The object has already been deleted or has not been completely created",
				&types.ManagedObjectNotFound{Obj: qs.Entity})
			return body
		}
	}
	res := m.PerformanceManager.QueryPerf(ctx, req)
	body, ok := res.(*methods.QueryPerfBody)
	if !ok || body.Res == nil {
		return res
	}
	mu.Lock()
	defer mu.Unlock()
	for _, base := range body.Res.Returnval {
		em, ok := base.(*types.PerfEntityMetric)
		if !ok {
			continue
		}
		for _, s := range em.Value {
			series, ok := s.(*types.PerfMetricIntSeries)
			if !ok {
				continue
			}
			name := keyName[series.Id.CounterId]
			var v int64
			var have bool
			if vm := vmByRef[em.Entity.Value]; vm != nil && em.Entity.Type == "VirtualMachine" {
				v, have = vm.value(name)
			} else if h := hostByRf[em.Entity.Value]; h != nil && em.Entity.Type == "HostSystem" {
				v, have = h.value(name)
			}
			if !have {
				continue
			}
			for i := range series.Value {
				series.Value[i] = v
			}
		}
	}
	return body
}

// pagingCollector is vcsim's PropertyCollector with vCenter's paging. vcsim
// makes one per session with reflect.New, so it embeds by value and starts
// from its zero value.
type pagingCollector struct {
	simulator.PropertyCollector
	pages map[string][]types.ObjectContent
	page  int
	next  int
}

func (pc *pagingCollector) cut(objects []types.ObjectContent, max int) *types.RetrieveResult {
	if max <= 0 || len(objects) <= max {
		return &types.RetrieveResult{Objects: objects}
	}
	if pc.pages == nil {
		pc.pages = map[string][]types.ObjectContent{}
	}
	pc.next++
	token := "page-" + strconv.Itoa(pc.next)
	pc.pages[token] = objects[max:]
	pc.page = max
	return &types.RetrieveResult{Objects: objects[:max], Token: token}
}

func (pc *pagingCollector) RetrievePropertiesEx(ctx *simulator.Context, req *types.RetrievePropertiesEx) soap.HasFault {
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, req)
	body, ok := res.(*methods.RetrievePropertiesExBody)
	if !ok || body.Res == nil || body.Res.Returnval == nil {
		return res
	}
	max := int(req.Options.MaxObjects)
	mu.Lock()
	defer mu.Unlock()
	body.Res.Returnval = pc.cut(body.Res.Returnval.Objects, max)
	return body
}

func (pc *pagingCollector) ContinueRetrievePropertiesEx(ctx *simulator.Context, req *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := new(methods.ContinueRetrievePropertiesExBody)
	mu.Lock()
	defer mu.Unlock()
	rest, ok := pc.pages[req.Token]
	if !ok {
		body.Fault_ = simulator.Fault("", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	delete(pc.pages, req.Token)
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: *pc.cut(rest, pc.page)}
	return body
}

func main() {
	model := flag.String("model", "esx", "esx (a standalone ESXi host) or vpx (a vCenter)")
	vms := flag.Int("vms", 4, "VMs per resource pool")
	clusterHosts := flag.Int("cluster-hosts", 2, "vpx: hosts in the cluster")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	useTLS := flag.Bool("tls", false, "serve https with vcsim's own certificate")
	user := flag.String("user", "", "accept only this user name (default: any non-empty)")
	password := flag.String("password", "", "accept only this password (with -user)")
	flag.Parse()

	var m *simulator.Model
	var counters []types.PerfCounterInfo
	switch *model {
	case "esx":
		m = simulator.ESX()
		counters = esx.PerfCounter
	case "vpx":
		m = simulator.VPX()
		m.ClusterHost = *clusterHosts
		counters = vpx.PerfCounter
	default:
		fmt.Fprintf(os.Stderr, "vcsim-balloon: unknown model %q\n", *model)
		os.Exit(2)
	}
	m.Machine = *vms
	m.Autostart = true
	for _, c := range counters {
		keyName[c.Key] = c.GroupInfo.GetElementDescription().Key + "." + c.NameInfo.GetElementDescription().Key + "." + string(c.RollupType)
	}
	if err := m.Create(); err != nil {
		fmt.Fprintf(os.Stderr, "vcsim-balloon: %v\n", err)
		os.Exit(1)
	}

	// Our PerformanceManager and PropertyCollector replace vcsim's in its registry.
	content := simulator.Map.Get(*simulator.Map.Get(types.ManagedObjectReference{Type: "ServiceInstance", Value: "ServiceInstance"}).(*simulator.ServiceInstance).Content.PerfManager)
	simulator.Map.Put(&perfManager{*content.(*simulator.PerformanceManager)})
	pcRef := simulator.Map.Get(types.ManagedObjectReference{Type: "ServiceInstance", Value: "ServiceInstance"}).(*simulator.ServiceInstance).Content.PropertyCollector
	simulator.Map.Put(&pagingCollector{PropertyCollector: *simulator.Map.Get(pcRef).(*simulator.PropertyCollector)})

	// Profiles: VMs sorted by name; hosts sum their VMs.
	all := simulator.Map.All("VirtualMachine")
	sort.Slice(all, func(a, b int) bool { return all[a].Entity().Name < all[b].Entity().Name })
	for _, h := range simulator.Map.All("HostSystem") {
		hs := h.(*simulator.HostSystem)
		hp := &hostProfile{Name: hs.Name, Ref: hs.Self.Value, State: 2}
		if parent := simulator.Map.Get(*hs.Parent); parent != nil && hs.Parent.Type == "ClusterComputeResource" {
			hp.Cluster = parent.(*simulator.ClusterComputeResource).Name
		}
		hostByRf[hs.Self.Value] = hp
	}
	printed := []vmProfile{}
	for i, e := range all {
		vm := e.(*simulator.VirtualMachine)
		vm.Config.Hardware.MemoryMB = int32(2048 * (1 + i%4))
		vm.Summary.Config.MemorySizeMB = vm.Config.Hardware.MemoryMB
		if i == 2 {
			limit := int64(1024) // a limit below the configured size: ballooned even without pressure
			vm.Config.MemoryAllocation.Limit = &limit
		}
		p := profileFor(i, vm.Config.Hardware.MemoryMB)
		p.Name = vm.Name
		p.Ref = vm.Self.Value
		if vm.Guest == nil {
			vm.Guest = &types.GuestInfo{}
		}
		if p.Tools {
			vm.Guest.ToolsRunningStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
			vm.Guest.ToolsStatus = types.VirtualMachineToolsStatusToolsOk
		} else {
			vm.Guest.ToolsRunningStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsNotRunning)
			vm.Guest.ToolsStatus = types.VirtualMachineToolsStatusToolsNotInstalled
		}
		vm.Summary.QuickStats.BalloonedMemory = int32(p.BalloonKB / 1024)
		vm.Summary.QuickStats.SwappedMemory = int32(p.SwappedKB / 1024)
		if vm.Runtime.Host != nil {
			if hp := hostByRf[vm.Runtime.Host.Value]; hp != nil {
				p.Host = hp.Name
				hp.BalloonKB += p.BalloonKB
				hp.SwapUsed += p.SwappedKB
				hp.SwapInKB += p.SwapInKBps
				hp.SwapOutKB += p.SwapOutKBps
				hp.Compress += p.Compressed
			}
		}
		vmByRef[vm.Self.Value] = &p
		if len(all) <= 64 {
			printed = append(printed, p)
		}
	}
	hosts := []hostProfile{}
	for _, h := range hostByRf {
		hosts = append(hosts, *h)
	}
	sort.Slice(hosts, func(a, b int) bool { return hosts[a].Name < hosts[b].Name })

	m.Service.Listen = &url.URL{Host: *listen}
	if *user != "" {
		m.Service.Listen.User = url.UserPassword(*user, *password)
	}
	if *useTLS {
		m.Service.TLS = new(tls.Config)
	}
	s := m.Service.NewServer()
	ca := ""
	if *useTLS {
		f, err := s.CertificateFile()
		if err != nil {
			fmt.Fprintf(os.Stderr, "vcsim-balloon: %v\n", err)
			os.Exit(1)
		}
		ca = f
	}
	u := *s.URL
	u.User = nil
	out, _ := json.Marshal(map[string]interface{}{
		"url": u.String(), "ca": ca, "model": *model, "vmCount": len(all), "vms": printed, "hosts": hosts,
	})
	fmt.Println(string(out))

	done := make(chan struct{})
	go func() {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			f := strings.Fields(in.Text())
			if len(f) == 3 && f[0] == "delay" {
				ms, _ := strconv.Atoi(f[2])
				delays := map[string]int{}
				for k, v := range m.DelayConfig.MethodDelay {
					delays[k] = v
				}
				delays[f[1]] = ms
				m.DelayConfig.MethodDelay = delays
				fmt.Println("ok")
			} else if len(f) == 1 && f[0] == "quit" {
				break
			}
		}
		close(done)
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-done:
	case <-sig:
	}
	s.Close()
	m.Remove()
}
